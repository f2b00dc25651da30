import { ActionItemRow } from './action-item.entity.js';
import { AlertFiringRow, AlertGroupRow } from './alert-group.entity.js';
import { ChatDeliveryRow } from './chat-delivery.entity.js';
import { ChatWorkspaceRow } from './chat-workspace.entity.js';
import { COMMUNICATIONS_ENTITIES } from './communications.entity.js';
import { ComponentRow, ComponentStatusChangeRow } from './component.entity.js';
import { IdempotencyKeyRow } from './idempotency-key.entity.js';
import { IncidentRow, IncidentSpaceRow } from './incident.entity.js';
import { OutboxConsumerRow, OutboxEventRow } from './outbox.entity.js';
import { ReviewRevisionRow, ReviewRow } from './review.entity.js';
import { SiteSessionRow, SiteSignInLinkRow } from './site-session.entity.js';
import { StatusUpdateRow } from './status-update.entity.js';
import { MaintenanceRow, WriteUpRow } from './status-page.entity.js';
import { TimelineEntryRow } from './timeline-entry.entity.js';

/** Every table the schema migrations create, mapped for TypeORM. */
export const ENTITIES = [
  IncidentRow,
  IncidentSpaceRow,
  TimelineEntryRow,
  ActionItemRow,
  ComponentRow,
  ComponentStatusChangeRow,
  StatusUpdateRow,
  OutboxEventRow,
  OutboxConsumerRow,
  IdempotencyKeyRow,
  ChatWorkspaceRow,
  ChatDeliveryRow,
  MaintenanceRow,
  WriteUpRow,
  ReviewRow,
  ReviewRevisionRow,
  ...COMMUNICATIONS_ENTITIES,
  AlertGroupRow,
  AlertFiringRow,
  SiteSessionRow,
  SiteSignInLinkRow,
];
