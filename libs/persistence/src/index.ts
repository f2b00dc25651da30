export {
  dataSourceOptionsFromUrl,
  DEFAULT_SQLITE_FILE,
  type DataSourceOptionsOverrides,
} from './data-source-options.js';
export { ENTITIES } from './entities/entities.js';
export { ActionItemRow } from './entities/action-item.entity.js';
export { AlertFiringRow, AlertGroupRow } from './entities/alert-group.entity.js';
export { ChatDeliveryRow } from './entities/chat-delivery.entity.js';
export { ChatWorkspaceRow } from './entities/chat-workspace.entity.js';
export { ComponentRow, ComponentStatusChangeRow } from './entities/component.entity.js';
export { IdempotencyKeyRow } from './entities/idempotency-key.entity.js';
export { IncidentRow, IncidentSpaceRow } from './entities/incident.entity.js';
export { OutboxConsumerRow, OutboxEventRow } from './entities/outbox.entity.js';
export { StatusUpdateRow } from './entities/status-update.entity.js';
export { MaintenanceRow, WriteUpRow } from './entities/status-page.entity.js';
export { TimelineEntryRow } from './entities/timeline-entry.entity.js';
export { MIGRATIONS } from './migrations/migrations.js';
export { CommunicationsSchema1764300000000 } from './migrations/1764300000000-communications-schema.js';
export {
  IncidentReminderRow,
  NotificationDeliveryRow,
  ScheduledUpdateRow,
  SubscriberRow,
  UpdateDraftRow,
  UpdateTemplateRow,
} from './entities/communications.entity.js';
export { communicationsStoresFor } from './repositories/typeorm-communications.stores.js';
export { TypeOrmNotificationQueue, TypeOrmSubscriberRepository } from './repositories/typeorm-subscribers.js';
export { InitialSchema1764000000000 } from './migrations/1764000000000-initial-schema.js';
export { StatusPageSchema1764200000000 } from './migrations/1764200000000-status-page-schema.js';
export { toOutboxEvent } from './outbox/outbox-event.mapping.js';
export {
  OutboxPoller,
  type ConsumerLag,
  type OutboxPollerLogger,
  type OutboxPollerOptions,
} from './outbox/outbox-poller.js';
export { OutboxRelay, WakingUnitOfWork, type OutboxRelayOptions } from './outbox/outbox-relay.js';
export { OUTBOX_CHANNEL, OutboxListener, OutboxNotifier } from './outbox/outbox-notifications.js';
export { TypeOrmOutbox } from './outbox/typeorm-outbox.js';
export { PersistenceModule, type PersistenceModuleOptions } from './persistence.module.js';
export { TypeOrmActionItemRepository } from './repositories/typeorm-action-item.repository.js';
export { TypeOrmAlertGroupRepository } from './repositories/typeorm-alert-group.repository.js';
export { TypeOrmChatWorkspaceRepository } from './repositories/typeorm-chat-workspace.repository.js';
export { TypeOrmComponentRepository } from './repositories/typeorm-component.repository.js';
export { TypeOrmDeliveryLog } from './repositories/typeorm-delivery-log.js';
export { TypeOrmIdempotencyStore } from './repositories/typeorm-idempotency.store.js';
export { TypeOrmIncidentRepository } from './repositories/typeorm-incident.repository.js';
export { TypeOrmReviewRepository } from './repositories/typeorm-review.repository.js';
export { ReviewRow, ReviewRevisionRow } from './entities/review.entity.js';
export { TypeOrmStatusUpdateRepository } from './repositories/typeorm-status-update.repository.js';
export {
  TypeOrmMaintenanceRepository,
  TypeOrmWriteUpRepository,
} from './repositories/typeorm-status-page.repositories.js';
export { TypeOrmTimelineRepository } from './repositories/typeorm-timeline.repository.js';
export {
  asOutboxWork,
  countStatementsOf,
  statementsSent,
  type StatementOrigin,
} from './sql-statement-count.js';
export { TemporarySqliteDatabase } from './testing/temporary-sqlite-database.js';
export { storesFor, TypeOrmUnitOfWork, type UnitOfWorkRetryOptions } from './typeorm-unit-of-work.js';
