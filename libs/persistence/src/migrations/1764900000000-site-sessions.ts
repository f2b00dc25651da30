import {
  type MigrationInterface,
  type QueryRunner,
  Table,
  TableIndex,
  type TableColumnOptions,
} from 'typeorm';

/*
 * The responders' site: browser sessions (pending sign-ins too) and one-time sign-in links for a local
 * administrator, in the database so every replica knows them. Secrets are stored hashed. Schema-builder API, so
 * it runs on both drivers; the column helpers are local because a migration is history.
 */
const varchar = (name: string, length: number, isNullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable,
});
const isoDate = (name: string, isNullable = false): TableColumnOptions => varchar(name, 30, isNullable);
const flag = (name: string): TableColumnOptions => ({
  name,
  type: 'boolean',
  isNullable: false,
  default: false,
});

const TABLES: readonly Table[] = [
  new Table({
    name: 'site_session',
    columns: [
      { ...varchar('id_hash', 64), isPrimary: true, primaryKeyConstraintName: 'PK_site_session' },
      varchar('participant_id', 300, true),
      varchar('display_name', 300, true),
      flag('administrator'),
      varchar('csrf_token', 64),
      { name: 'pending', type: 'text', isNullable: true },
      isoDate('created_at'),
      isoDate('expires_at'),
    ],
    indices: [new TableIndex({ name: 'IDX_site_session_expires_at', columnNames: ['expires_at'] })],
  }),
  new Table({
    name: 'site_sign_in_link',
    columns: [
      { ...varchar('token_hash', 64), isPrimary: true, primaryKeyConstraintName: 'PK_site_sign_in_link' },
      varchar('participant_id', 300),
      varchar('display_name', 300),
      flag('administrator'),
      isoDate('created_at'),
      isoDate('expires_at'),
      isoDate('used_at', true),
    ],
  }),
];

export class SiteSessions1764900000000 implements MigrationInterface {
  name = 'SiteSessions1764900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of TABLES) await queryRunner.createTable(table);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [...TABLES].reverse()) await queryRunner.dropTable(table.name);
  }
}
