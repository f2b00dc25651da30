import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';

/*
 * Idempotency keys get a scope and a request hash. An API caller's `Idempotency-Key` is its own for one route
 * (scope `api:<token> <METHOD> <route>`), and the hash of the request that first used it lets a reuse with a
 * different request be refused; platform ids (Discord interactions, Teams activities) stay unique on their own
 * under the empty scope. The primary key becomes (scope, key). Rows from before have the empty scope: an API
 * retry that straddles the upgrade applies again, once.
 */
const TABLE = 'idempotency_key';

export class IdempotencyScope1764450000000 implements MigrationInterface {
  name = 'IdempotencyScope1764450000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns(TABLE, [
      new TableColumn({ name: 'scope', type: 'varchar', length: '300', isNullable: false, default: "''" }),
      new TableColumn({ name: 'request_hash', type: 'varchar', length: '64', isNullable: true }),
    ]);
    if (queryRunner.connection.options.type === 'postgres') {
      await queryRunner.query(`ALTER TABLE "${TABLE}" DROP CONSTRAINT "PK_idempotency_key"`);
      await queryRunner.query(
        `ALTER TABLE "${TABLE}" ADD CONSTRAINT "PK_idempotency_key" PRIMARY KEY ("scope", "key")`,
      );
      return;
    }
    // SQLite cannot alter a primary key: TypeORM rebuilds the table with both columns in it.
    await queryRunner.createPrimaryKey(TABLE, ['scope', 'key']);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // Scoped keys may repeat a key; only the unscoped ones fit the old primary key.
    await queryRunner.query(`DELETE FROM "${TABLE}" WHERE "scope" <> ''`);
    if (queryRunner.connection.options.type === 'postgres') {
      await queryRunner.query(`ALTER TABLE "${TABLE}" DROP CONSTRAINT "PK_idempotency_key"`);
      await queryRunner.dropColumns(TABLE, ['scope', 'request_hash']);
      await queryRunner.query(
        `ALTER TABLE "${TABLE}" ADD CONSTRAINT "PK_idempotency_key" PRIMARY KEY ("key")`,
      );
      return;
    }
    await queryRunner.dropColumns(TABLE, ['scope', 'request_hash']);
  }
}
