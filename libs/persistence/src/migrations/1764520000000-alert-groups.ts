import { type MigrationInterface, type QueryRunner, Table, type TableColumnOptions } from 'typeorm';

/*
 * Alerts in: the groups of alerts Alertmanager and Grafana send, each with the incident it was declared or joined
 * as, and each firing of an alert (fingerprint and start) logged once. The primary keys are what keep a retried or
 * concurrent notification from declaring or logging twice. Schema-builder API, so it runs on both drivers; the
 * column helpers are local because a migration is history.
 */
const varchar = (name: string, length: number, isNullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable,
});
const isoDate = (name: string, isNullable = false): TableColumnOptions => varchar(name, 30, isNullable);

const TABLES: readonly Table[] = [
  new Table({
    name: 'alert_group',
    columns: [
      { ...varchar('id', 64), isPrimary: true, primaryKeyConstraintName: 'PK_alert_group' },
      varchar('sender', 300),
      { name: 'group_key', type: 'text', isNullable: false },
      varchar('incident_ref', 20, true),
      isoDate('first_seen_at'),
      isoDate('updated_at'),
    ],
  }),
  new Table({
    name: 'alert_firing',
    columns: [
      { ...varchar('group_id', 64), isPrimary: true, primaryKeyConstraintName: 'PK_alert_firing' },
      { ...varchar('fingerprint', 128), isPrimary: true, primaryKeyConstraintName: 'PK_alert_firing' },
      { ...isoDate('starts_at'), isPrimary: true, primaryKeyConstraintName: 'PK_alert_firing' },
      varchar('incident_ref', 20, true),
      isoDate('resolved_at', true),
    ],
  }),
];

export class AlertGroups1764520000000 implements MigrationInterface {
  name = 'AlertGroups1764520000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of TABLES) await queryRunner.createTable(table);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [...TABLES].reverse()) await queryRunner.dropTable(table.name);
  }
}
