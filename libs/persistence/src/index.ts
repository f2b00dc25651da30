export { dataSourceOptionsFromUrl } from './data-source-options.js';
export { ActionItemRow } from './entities/action-item.entity.js';
export { ChatDeliveryRow } from './entities/chat-delivery.entity.js';
export { ComponentStatusChangeRow } from './entities/component.entity.js';
export { IncidentRow } from './entities/incident.entity.js';
export { OutboxConsumerRow, OutboxEventRow } from './entities/outbox.entity.js';
export { StatusUpdateRow } from './entities/status-update.entity.js';
export { TimelineEntryRow } from './entities/timeline-entry.entity.js';
export { SubscriberRow } from './entities/communications.entity.js';
export { TypeOrmNotificationQueue, TypeOrmSubscriberRepository } from './repositories/typeorm-subscribers.js';
export { toOutboxEvent } from './outbox/outbox-event.mapping.js';
export { OutboxPoller } from './outbox/outbox-poller.js';
export { OutboxRelay } from './outbox/outbox-relay.js';
export { openDataSource, PersistenceModule } from './persistence.module.js';
export { TypeOrmChatWorkspaceRepository } from './repositories/typeorm-chat-workspace.repository.js';
export { TypeOrmUnitOfWork } from './typeorm-unit-of-work.js';
export { TypeOrmSiteSessionStore } from './repositories/typeorm-site-session.store.js';
export { SiteSessionRow, SiteSignInLinkRow } from './entities/site-session.entity.js';
export {
  asOutboxWork,
  countStatementsOf,
  statementsSent,
  type StatementOrigin,
} from './sql-statement-count.js';
