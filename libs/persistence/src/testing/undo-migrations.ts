import type { DataSource } from 'typeorm';

/** Undoes the migrations down to (and including) `name`, whatever came after it: a migration spec's start. */
export async function undoMigrationsThrough(dataSource: DataSource, name: string): Promise<void> {
  for (;;) {
    const [last] = await dataSource.query<{ name: string }[]>(
      'SELECT name FROM migrations ORDER BY id DESC LIMIT 1',
    );
    await dataSource.undoLastMigration();
    if (!last || last.name === name) return;
  }
}
