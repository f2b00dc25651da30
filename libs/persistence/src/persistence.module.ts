import { ChatWorkspaceRepository, DeliveryLog, SiteSessionStore, UnitOfWork } from '@firebreak/incident';
import {
  type DynamicModule,
  Global,
  Inject,
  Injectable,
  Module,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { dataSourceOptionsFromUrl, type DataSourceOptionsOverrides } from './data-source-options.js';
import { TypeOrmChatWorkspaceRepository } from './repositories/typeorm-chat-workspace.repository.js';
import { TypeOrmDeliveryLog } from './repositories/typeorm-delivery-log.js';
import { TypeOrmSiteSessionStore } from './repositories/typeorm-site-session.store.js';
import { OUTBOX_RELAY_OPTIONS, OutboxRelay, WakingUnitOfWork } from './outbox/outbox-relay.js';
import { AdvisoryLock } from './postgres-advisory-lock.js';
import { countStatementsOf } from './sql-statement-count.js';
import { startTransactionsAsWriter } from './sqlite-write-lock.js';
import { TypeOrmUnitOfWork } from './typeorm-unit-of-work.js';

export interface PersistenceModuleOptions extends DataSourceOptionsOverrides {
  /** DATABASE_URL; unset means a SQLite file in ./data. */
  readonly databaseUrl?: string;
  /** Idle pause of the outbox relay between polls (ms). */
  readonly outboxPollMs?: number;
}

/** Closes the database after everything else has shut down (outbox pollers stop in onModuleDestroy). */
@Injectable()
class DataSourceCloser implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

/**
 * Opens the database (running pending migrations) before the application starts, and provides the
 * domain's UnitOfWork plus the chat connectors' ChatWorkspaceRepository and DeliveryLog to every module.
 */
@Global()
@Module({})
export class PersistenceModule {
  static forRoot(options: PersistenceModuleOptions = {}): DynamicModule {
    return {
      module: PersistenceModule,
      providers: [
        { provide: DataSource, useFactory: () => openDataSource(options) },
        DataSourceCloser,
        { provide: OUTBOX_RELAY_OPTIONS, useValue: { pollMs: options.outboxPollMs } },
        OutboxRelay,
        {
          provide: UnitOfWork,
          useFactory: (dataSource: DataSource, relay: OutboxRelay) =>
            new WakingUnitOfWork(new TypeOrmUnitOfWork(dataSource), relay),
          inject: [DataSource, OutboxRelay],
        },
        {
          provide: ChatWorkspaceRepository,
          useFactory: (dataSource: DataSource) => new TypeOrmChatWorkspaceRepository(dataSource.manager),
          inject: [DataSource],
        },
        {
          provide: DeliveryLog,
          useFactory: (dataSource: DataSource) => new TypeOrmDeliveryLog(dataSource.manager),
          inject: [DataSource],
        },
        {
          provide: SiteSessionStore,
          useFactory: (dataSource: DataSource) => new TypeOrmSiteSessionStore(dataSource.manager),
          inject: [DataSource],
        },
      ],
      exports: [DataSource, UnitOfWork, ChatWorkspaceRepository, DeliveryLog, SiteSessionStore, OutboxRelay],
    };
  }
}

/** Opens the database, running pending migrations (PostgreSQL replicas take turns); for scripts too. */
export async function openDataSource(options: PersistenceModuleOptions): Promise<DataSource> {
  const { databaseUrl, outboxPollMs: _outboxPollMs, ...overrides } = options;
  const dataSourceOptions = dataSourceOptionsFromUrl(databaseUrl, overrides);
  if (dataSourceOptions.type !== 'postgres') {
    const dataSource = new DataSource(dataSourceOptions);
    // Before initialize(): the migrations' transactions start as the writer too.
    startTransactionsAsWriter(dataSource);
    countStatementsOf(dataSource);
    await dataSource.initialize();
    return dataSource;
  }
  // Replicas that start together would run the same migrations at once (and one would crash on "relation
  // already exists"): take turns under a session advisory lock; the later ones find nothing left to run.
  const dataSource = new DataSource({ ...dataSourceOptions, migrationsRun: false });
  countStatementsOf(dataSource);
  await dataSource.initialize();
  const runner = dataSource.createQueryRunner();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [AdvisoryLock.Migrations]);
    try {
      await dataSource.runMigrations();
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [AdvisoryLock.Migrations]);
    }
  } catch (error) {
    await runner.release();
    await dataSource.destroy();
    throw error;
  }
  await runner.release();
  return dataSource;
}
