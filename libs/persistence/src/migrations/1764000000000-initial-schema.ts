import {
  type MigrationInterface,
  type QueryRunner,
  Table,
  type TableColumnOptions,
  TableForeignKey,
} from 'typeorm';

/*
 * Written with the schema-builder API so the same class runs on SQLite and PostgreSQL. Column helpers are
 * local on purpose: a migration is history and must not change when the entities do.
 */
const autoIncrementId = (name = 'id'): TableColumnOptions => ({
  name,
  type: 'integer',
  isPrimary: true,
  isGenerated: true,
  generationStrategy: 'increment',
});
const varchar = (name: string, length: number, isNullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable,
});
const text = (name: string, isNullable = false): TableColumnOptions => ({ name, type: 'text', isNullable });
const integer = (name: string): TableColumnOptions => ({ name, type: 'integer', isNullable: false });
/** ISO-8601 UTC text with milliseconds. */
const isoDate = (name: string, isNullable = false): TableColumnOptions => varchar(name, 30, isNullable);
const ref = (name = 'incident_ref', isNullable = false): TableColumnOptions => varchar(name, 20, isNullable);
const platformId = (name: string, isNullable = false): TableColumnOptions => varchar(name, 300, isNullable);

const belongsToIncident = (table: string): TableForeignKey =>
  new TableForeignKey({
    name: `FK_${table}_incident`,
    columnNames: ['incident_ref'],
    referencedTableName: 'incident',
    referencedColumnNames: ['ref'],
  });

const TABLES: readonly Table[] = [
  new Table({
    name: 'incident',
    columns: [
      { ...ref('ref'), isPrimary: true, primaryKeyConstraintName: 'PK_incident' },
      integer('number'),
      text('title'),
      text('summary', true),
      text('impact', true),
      varchar('severity', 20),
      varchar('status', 20),
      text('roles'),
      text('component_ids'),
      isoDate('declared_at'),
      isoDate('updated_at'),
      isoDate('resolved_at', true),
      isoDate('closed_at', true),
      varchar('declared_platform', 20),
      platformId('declared_channel_id'),
      integer('version'),
    ],
    indices: [
      { name: 'UQ_incident_number', columnNames: ['number'], isUnique: true },
      { name: 'IDX_incident_status', columnNames: ['status'] },
    ],
  }),
  new Table({
    name: 'incident_space',
    columns: [
      autoIncrementId(),
      ref(),
      varchar('platform', 20),
      platformId('channel_id'),
      platformId('headline_message_id', true),
      platformId('announcement_message_id', true),
      text('url', true),
    ],
    indices: [
      { name: 'UQ_incident_space_channel', columnNames: ['platform', 'channel_id'], isUnique: true },
      { name: 'IDX_incident_space_incident', columnNames: ['incident_ref'] },
    ],
    foreignKeys: [belongsToIncident('incident_space')],
  }),
  new Table({
    name: 'timeline_entry',
    columns: [
      autoIncrementId(),
      ref(),
      varchar('kind', 40),
      isoDate('at'),
      platformId('author_id', true),
      platformId('author_name', true),
      text('text'),
      text('message', true),
      text('data'),
    ],
    indices: [{ name: 'IDX_timeline_entry_incident_id', columnNames: ['incident_ref', 'id'] }],
    foreignKeys: [belongsToIncident('timeline_entry')],
  }),
  new Table({
    name: 'action_item',
    columns: [
      autoIncrementId(),
      ref(),
      varchar('kind', 20),
      text('text'),
      platformId('owner_id', true),
      platformId('owner_name', true),
      isoDate('due_at', true),
      varchar('state', 20),
      platformId('created_by_id'),
      platformId('created_by_name'),
      isoDate('created_at'),
      isoDate('done_at', true),
    ],
    indices: [
      { name: 'IDX_action_item_incident', columnNames: ['incident_ref'] },
      { name: 'IDX_action_item_kind_state', columnNames: ['kind', 'state'] },
    ],
    foreignKeys: [belongsToIncident('action_item')],
  }),
  new Table({
    name: 'component',
    columns: [
      { ...varchar('id', 120), isPrimary: true, primaryKeyConstraintName: 'PK_component' },
      varchar('name', 100),
      varchar('name_key', 100),
      varchar('group_name', 100, true),
      text('description', true),
      varchar('status', 30),
      integer('position'),
      isoDate('created_at'),
      isoDate('updated_at'),
    ],
    indices: [{ name: 'UQ_component_name_key', columnNames: ['name_key'], isUnique: true }],
  }),
  new Table({
    name: 'component_status_change',
    columns: [
      autoIncrementId(),
      varchar('component_id', 120),
      varchar('old_status', 30),
      varchar('new_status', 30),
      ref('incident_ref', true),
      isoDate('at'),
    ],
    indices: [{ name: 'IDX_component_status_change_at', columnNames: ['at'] }],
    foreignKeys: [
      new TableForeignKey({
        name: 'FK_component_status_change_component',
        columnNames: ['component_id'],
        referencedTableName: 'component',
        referencedColumnNames: ['id'],
      }),
    ],
  }),
  new Table({
    name: 'status_update',
    columns: [
      autoIncrementId(),
      ref(),
      text('body'),
      varchar('status', 20),
      text('affected_components'),
      platformId('author_id'),
      platformId('author_name'),
      isoDate('published_at'),
    ],
    indices: [{ name: 'IDX_status_update_incident', columnNames: ['incident_ref'] }],
    foreignKeys: [belongsToIncident('status_update')],
  }),
  new Table({
    name: 'outbox_event',
    columns: [
      autoIncrementId('position'),
      varchar('type', 60),
      ref('incident_ref', true),
      isoDate('occurred_at'),
      text('payload'),
    ],
  }),
  new Table({
    name: 'outbox_consumer',
    columns: [
      { ...varchar('name', 100), isPrimary: true, primaryKeyConstraintName: 'PK_outbox_consumer' },
      integer('position'),
      isoDate('updated_at'),
    ],
  }),
  new Table({
    name: 'idempotency_key',
    columns: [
      { ...varchar('key', 300), isPrimary: true, primaryKeyConstraintName: 'PK_idempotency_key' },
      text('result'),
      isoDate('created_at'),
    ],
    indices: [{ name: 'IDX_idempotency_key_created_at', columnNames: ['created_at'] }],
  }),
  new Table({
    name: 'chat_workspace',
    columns: [
      { ...varchar('platform', 20), isPrimary: true, primaryKeyConstraintName: 'PK_chat_workspace' },
      { ...platformId('workspace_id'), isPrimary: true, primaryKeyConstraintName: 'PK_chat_workspace' },
      platformId('incidents_channel_id', true),
      platformId('incident_category_id', true),
      text('settings'),
      isoDate('updated_at'),
    ],
  }),
  new Table({
    name: 'chat_delivery',
    columns: [
      { ...varchar('key', 300), isPrimary: true, primaryKeyConstraintName: 'PK_chat_delivery' },
      platformId('platform_message_id'),
      platformId('channel_id'),
      isoDate('at'),
    ],
  }),
];

export class InitialSchema1764000000000 implements MigrationInterface {
  name = 'InitialSchema1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of TABLES) await queryRunner.createTable(table, true, true, true);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [...TABLES].reverse()) await queryRunner.dropTable(table.name, true);
  }
}
