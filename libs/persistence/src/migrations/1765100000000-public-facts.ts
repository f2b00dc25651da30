import type { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * An incident's public title and public impact are chosen by the communications lead, apart from the internal
 * title and severity. Incidents that customers already see (they have a published update) keep what they were
 * shown: their title becomes the public title and their severity, which the page showed as the impact until
 * now, the public impact. Every other incident starts without either, so nothing internal is ever published by
 * default. Plain ALTER TABLE and UPDATE run unchanged on SQLite and PostgreSQL.
 */
const ALREADY_PUBLIC = `EXISTS (SELECT 1 FROM "status_update" published WHERE published."incident_ref" = "incident"."ref")`;

export class PublicFacts1765100000000 implements MigrationInterface {
  name = 'PublicFacts1765100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "incident" ADD COLUMN "public_title" text`);
    await queryRunner.query(`ALTER TABLE "incident" ADD COLUMN "public_impact" varchar(20)`);
    await queryRunner.query(
      `UPDATE "incident" SET "public_title" = "title", "public_impact" = "severity" WHERE ${ALREADY_PUBLIC}`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "incident" DROP COLUMN "public_impact"`);
    await queryRunner.query(`ALTER TABLE "incident" DROP COLUMN "public_title"`);
  }
}
