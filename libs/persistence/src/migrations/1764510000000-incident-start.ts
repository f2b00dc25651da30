import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';

/*
 * Incidents get a start time, from which their durations are measured: for incidents declared from alerts the
 * earliest alert's start, otherwise when they were declared. Incidents from before began, as far as anyone
 * recorded, when they were declared. The column is added nullable, filled, then made NOT NULL, which both
 * drivers can do with the schema builder (SQLite rebuilds the table; migrations run with foreign keys off).
 */
const TABLE = 'incident';
const startedAt = (isNullable: boolean) =>
  new TableColumn({ name: 'started_at', type: 'varchar', length: '30', isNullable });

export class IncidentStart1764510000000 implements MigrationInterface {
  name = 'IncidentStart1764510000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(TABLE, startedAt(true));
    await queryRunner.query(`UPDATE "${TABLE}" SET "started_at" = "declared_at"`);
    await queryRunner.changeColumn(TABLE, 'started_at', startedAt(false));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn(TABLE, 'started_at');
  }
}
