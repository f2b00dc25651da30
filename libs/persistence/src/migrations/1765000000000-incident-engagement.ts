import type { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * Each incident row keeps its pages of the on-call lead and its call as JSON: both are read with the incident
 * (the headline shows them, `page` and `call` answer from them) and never queried on their own, so a column
 * each beats a table each. Plain ALTER TABLE runs unchanged on SQLite and PostgreSQL, without SQLite's table
 * rebuild (other tables reference this one); existing incidents were never paged and have no call.
 */
export class IncidentEngagement1765000000000 implements MigrationInterface {
  name = 'IncidentEngagement1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "incident" ADD COLUMN "pages" text NOT NULL DEFAULT '[]'`);
    await queryRunner.query(`ALTER TABLE "incident" ADD COLUMN "incident_call" text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "incident" DROP COLUMN "incident_call"`);
    await queryRunner.query(`ALTER TABLE "incident" DROP COLUMN "pages"`);
  }
}
