import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';

/*
 * A chat workspace keeps what only its platform knows in its platform settings (the `settings` JSON): the
 * category Discord puts incident channels under moves there from a column of its own, which every other
 * platform left empty. The JSON is read and written here in TypeScript, not with either database's JSON
 * functions, so the same steps run on SQLite and PostgreSQL.
 */
const TABLE = 'chat_workspace';
const SETTING = 'incidentCategoryId';
const column = new TableColumn({
  name: 'incident_category_id',
  type: 'varchar',
  length: '300',
  isNullable: true,
});

interface Row {
  readonly platform: string;
  readonly workspace_id: string;
  readonly settings: string;
}

export class PlatformSettings1764800000000 implements MigrationInterface {
  name = 'PlatformSettings1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const rows: (Row & { incident_category_id: string })[] = await queryRunner.query(
      `SELECT "platform", "workspace_id", "settings", "incident_category_id" FROM "${TABLE}"
       WHERE "incident_category_id" IS NOT NULL`,
    );
    for (const row of rows) {
      const settings = { ...parse(row.settings), [SETTING]: row.incident_category_id };
      await update(queryRunner, row, { settings: JSON.stringify(settings) });
    }
    await queryRunner.dropColumn(TABLE, column.name);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(TABLE, column);
    const rows: Row[] = await queryRunner.query(
      `SELECT "platform", "workspace_id", "settings" FROM "${TABLE}"`,
    );
    for (const row of rows) {
      const { [SETTING]: category, ...settings } = parse(row.settings);
      if (typeof category !== 'string') continue;
      await update(queryRunner, row, { settings: JSON.stringify(settings), incident_category_id: category });
    }
  }
}

/** Sets `values` on the workspace's row, with parameters in either driver's style. */
function update(
  queryRunner: QueryRunner,
  row: Row,
  values: Readonly<Record<string, string>>,
): Promise<unknown> {
  const postgres = queryRunner.connection.driver.options.type === 'postgres';
  const parameter = (index: number) => (postgres ? `$${index}` : '?');
  const columns = Object.keys(values);
  const set = columns.map((name, index) => `"${name}" = ${parameter(index + 1)}`).join(', ');
  const n = columns.length;
  return queryRunner.query(
    `UPDATE "${TABLE}" SET ${set} WHERE "platform" = ${parameter(n + 1)} AND "workspace_id" = ${parameter(n + 2)}`,
    [...Object.values(values), row.platform, row.workspace_id],
  );
}

function parse(json: string): Record<string, unknown> {
  const value: unknown = JSON.parse(json || '{}');
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
