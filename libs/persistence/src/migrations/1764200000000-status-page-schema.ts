import { type MigrationInterface, type QueryRunner, Table, type TableColumnOptions } from 'typeorm';

/* Scheduled maintenance and published write-ups for the status page; schema-builder API, like the others. */
const varchar = (name: string, length: number, isNullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable,
});
const text = (name: string): TableColumnOptions => ({ name, type: 'text', isNullable: false });
/** ISO-8601 UTC text with milliseconds. */
const isoDate = (name: string, isNullable = false): TableColumnOptions => varchar(name, 30, isNullable);

const TABLES: readonly Table[] = [
  new Table({
    name: 'maintenance',
    columns: [
      { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
      text('title'),
      text('body'),
      text('component_ids'),
      isoDate('scheduled_for'),
      isoDate('scheduled_until'),
      isoDate('cancelled_at', true),
      isoDate('created_at'),
      isoDate('updated_at'),
    ],
    indices: [{ name: 'IDX_maintenance_scheduled_for', columnNames: ['scheduled_for'] }],
  }),
  new Table({
    name: 'write_up',
    columns: [
      { ...varchar('slug', 120), isPrimary: true, primaryKeyConstraintName: 'PK_write_up' },
      varchar('incident_ref', 20, true),
      text('title'),
      text('markdown'),
      varchar('state', 20),
      isoDate('published_at', true),
      isoDate('created_at'),
      isoDate('updated_at'),
    ],
    indices: [
      { name: 'IDX_write_up_state_published_at', columnNames: ['state', 'published_at'] },
      { name: 'IDX_write_up_incident', columnNames: ['incident_ref'] },
    ],
  }),
];

export class StatusPageSchema1764200000000 implements MigrationInterface {
  name = 'StatusPageSchema1764200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of TABLES) await queryRunner.createTable(table, true, true, true);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [...TABLES].reverse()) await queryRunner.dropTable(table.name, true);
  }
}
