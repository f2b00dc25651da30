import type { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * Incidents recorded after they happened (`declare --past`) are marked, so reminders leave them alone. Every
 * incident before this was declared live. A boolean with a default runs unchanged on SQLite and PostgreSQL.
 */
export class RetrospectiveIncidents1765100000100 implements MigrationInterface {
  name = 'RetrospectiveIncidents1765100000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "incident" ADD COLUMN "retrospective" boolean NOT NULL DEFAULT false`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "incident" DROP COLUMN "retrospective"`);
  }
}
