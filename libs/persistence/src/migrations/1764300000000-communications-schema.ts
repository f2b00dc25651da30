import { type MigrationInterface, type QueryRunner, Table, type TableColumnOptions } from 'typeorm';

/*
 * The communications lead's tools: scheduled updates, drafts, reminder state, update templates,
 * subscribers and their delivery queue. Schema-builder API so it runs on SQLite and PostgreSQL; the column
 * helpers are local because a migration is history.
 */
const autoIncrementId = (): TableColumnOptions => ({
  name: 'id',
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
const integer = (name: string, isNullable = false): TableColumnOptions => ({
  name,
  type: 'integer',
  isNullable,
});
const isoDate = (name: string, isNullable = false): TableColumnOptions => varchar(name, 30, isNullable);
const ref = (): TableColumnOptions => varchar('incident_ref', 20);
const person = (prefix: string, isNullable = false): TableColumnOptions[] => [
  varchar(`${prefix}_id`, 300, isNullable),
  varchar(`${prefix}_name`, 300, isNullable),
];

const TABLES: readonly Table[] = [
  new Table({
    name: 'scheduled_update',
    columns: [
      autoIncrementId(),
      ref(),
      text('body'),
      isoDate('publish_at'),
      varchar('zone', 64, true),
      varchar('state', 20),
      ...person('author'),
      isoDate('created_at'),
      isoDate('settled_at', true),
      text('note', true),
    ],
    indices: [
      { name: 'IDX_scheduled_update_due', columnNames: ['state', 'publish_at'] },
      { name: 'IDX_scheduled_update_incident', columnNames: ['incident_ref'] },
    ],
  }),
  new Table({
    name: 'update_draft',
    columns: [
      autoIncrementId(),
      ref(),
      text('body'),
      varchar('state', 20),
      ...person('author'),
      isoDate('created_at'),
      ...person('approved_by', true),
      isoDate('approved_at', true),
    ],
    indices: [{ name: 'IDX_update_draft_incident', columnNames: ['incident_ref'] }],
  }),
  new Table({
    name: 'incident_reminder',
    columns: [{ ...ref(), isPrimary: true }, { ...varchar('kind', 20), isPrimary: true }, isoDate('at')],
  }),
  new Table({
    name: 'update_template',
    columns: [{ ...varchar('name', 64), isPrimary: true }, text('body')],
  }),
  new Table({
    name: 'subscriber',
    columns: [
      autoIncrementId(),
      varchar('channel', 20),
      varchar('address', 2000),
      text('component_ids'),
      varchar('state', 20),
      varchar('token', 64),
      varchar('secret', 128, true),
      varchar('contact_email', 320, true),
      integer('consecutive_failures'),
      isoDate('created_at'),
      isoDate('confirmed_at', true),
      isoDate('disabled_at', true),
    ],
    indices: [
      { name: 'UQ_subscriber_token', columnNames: ['token'], isUnique: true },
      { name: 'IDX_subscriber_address', columnNames: ['channel', 'address'] },
      { name: 'IDX_subscriber_state', columnNames: ['state'] },
    ],
  }),
  new Table({
    name: 'notification_delivery',
    columns: [
      autoIncrementId(),
      varchar('dedupe_key', 120),
      integer('subscriber_id'),
      varchar('purpose', 20),
      text('payload'),
      varchar('state', 20),
      integer('attempts'),
      isoDate('next_attempt_at'),
      isoDate('lease_until', true),
      varchar('lease_owner', 64, true),
      isoDate('created_at'),
      isoDate('delivered_at', true),
      text('last_error', true),
    ],
    indices: [
      { name: 'UQ_notification_delivery_key', columnNames: ['dedupe_key'], isUnique: true },
      { name: 'IDX_notification_delivery_due', columnNames: ['state', 'next_attempt_at'] },
    ],
  }),
];

export class CommunicationsSchema1764300000000 implements MigrationInterface {
  name = 'CommunicationsSchema1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of TABLES) await queryRunner.createTable(table, true, true, true);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [...TABLES].reverse()) await queryRunner.dropTable(table.name, true);
  }
}
