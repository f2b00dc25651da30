import { ChatWorkspaceRepository, DeliveryLog, UnitOfWork } from '@firebreak/incident';
import { Test } from '@nestjs/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { PersistenceModule } from './persistence.module.js';
import { TypeOrmChatWorkspaceRepository } from './repositories/typeorm-chat-workspace.repository.js';
import { TypeOrmDeliveryLog } from './repositories/typeorm-delivery-log.js';
import { anIncident } from './testing/incident-fixtures.js';
import { TemporarySqliteDatabase } from './testing/temporary-sqlite-database.js';
import { WakingUnitOfWork } from './outbox/outbox-relay.js';

describe(PersistenceModule.name, () => {
  let database: TemporarySqliteDatabase;
  beforeEach(() => {
    database = new TemporarySqliteDatabase();
  });
  afterEach(() => database.remove());

  it('opens the migrated database before start, provides the ports, and closes it on shutdown', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [PersistenceModule.forRoot({ databaseUrl: database.url })],
    }).compile();
    const app = moduleRef.createNestApplication();
    await app.init();

    const dataSource = app.get(DataSource);
    expect(dataSource.isInitialized).toBe(true);
    expect(await dataSource.showMigrations()).toBe(false);
    expect(app.get(UnitOfWork)).toBeInstanceOf(WakingUnitOfWork);
    expect(app.get(ChatWorkspaceRepository)).toBeInstanceOf(TypeOrmChatWorkspaceRepository);
    expect(app.get(DeliveryLog)).toBeInstanceOf(TypeOrmDeliveryLog);
    await app.get(UnitOfWork).run((stores) => stores.incidents.save(anIncident(1), null));

    await app.close();
    expect(dataSource.isInitialized).toBe(false);
  });

  it('fails to start with a message naming DATABASE_URL when the URL is not understood', async () => {
    const compiling = Test.createTestingModule({
      imports: [PersistenceModule.forRoot({ databaseUrl: 'mysql://db/firebreak' })],
    }).compile();
    await expect(compiling).rejects.toThrow(/DATABASE_URL/);
  });
});
