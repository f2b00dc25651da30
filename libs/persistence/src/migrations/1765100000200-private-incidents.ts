import type { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * Private incidents: visible only to the people invited (as JSON participants, like the roles) and to
 * administrators. Every incident before this was visible to all responders. Runs unchanged on SQLite and
 * PostgreSQL.
 */
export class PrivateIncidents1765100000200 implements MigrationInterface {
  name = 'PrivateIncidents1765100000200';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "incident" ADD COLUMN "private" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "incident" ADD COLUMN "invitees" text NOT NULL DEFAULT '[]'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "incident" DROP COLUMN "invitees"`);
    await queryRunner.query(`ALTER TABLE "incident" DROP COLUMN "private"`);
  }
}
