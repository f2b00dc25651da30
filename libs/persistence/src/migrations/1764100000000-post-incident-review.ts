import { type MigrationInterface, type QueryRunner, Table, TableForeignKey } from 'typeorm';

/** Post-incident reviews (the current Markdown) and every revision of them. */
const TABLES: readonly Table[] = [
  new Table({
    name: 'review',
    columns: [
      {
        name: 'incident_ref',
        type: 'varchar',
        length: '20',
        isPrimary: true,
        primaryKeyConstraintName: 'PK_review',
      },
      { name: 'markdown', type: 'text' },
      { name: 'revision', type: 'integer' },
      { name: 'state', type: 'varchar', length: '20' },
      { name: 'meeting_at', type: 'varchar', length: '30', isNullable: true },
      { name: 'meeting_reminded_at', type: 'varchar', length: '30', isNullable: true },
      { name: 'updated_at', type: 'varchar', length: '30' },
      { name: 'updated_by_id', type: 'varchar', length: '300' },
      { name: 'updated_by_name', type: 'varchar', length: '300' },
    ],
    foreignKeys: [
      new TableForeignKey({
        name: 'FK_review_incident',
        columnNames: ['incident_ref'],
        referencedTableName: 'incident',
        referencedColumnNames: ['ref'],
      }),
    ],
  }),
  new Table({
    name: 'review_revision',
    columns: [
      { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
      { name: 'incident_ref', type: 'varchar', length: '20' },
      { name: 'revision', type: 'integer' },
      { name: 'markdown', type: 'text' },
      { name: 'author_id', type: 'varchar', length: '300' },
      { name: 'author_name', type: 'varchar', length: '300' },
      { name: 'at', type: 'varchar', length: '30' },
      { name: 'note', type: 'text' },
    ],
    indices: [{ name: 'UQ_review_revision', columnNames: ['incident_ref', 'revision'], isUnique: true }],
  }),
];

export class PostIncidentReview1764100000000 implements MigrationInterface {
  name = 'PostIncidentReview1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of TABLES) await queryRunner.createTable(table, true, true, true);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [...TABLES].reverse()) await queryRunner.dropTable(table.name, true);
  }
}
