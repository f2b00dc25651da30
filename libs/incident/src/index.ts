export * from './errors.js';
export * from './model/action-item.js';
export * from './model/component.js';
export * from './model/domain-event.js';
export { decodeStoredEvent, type DecodedEvent, type StoredEvent } from './model/stored-event.js';
export * from './model/incident.js';
export * from './model/incident-status.js';
export * from './model/maintenance.js';
export * from './model/milestones.js';
export * from './model/write-up.js';
export * from './model/workspace-standing.js';
export * from './ports/status-page-repositories.js';
export * from './maintenance/maintenance-service.js';
export * from './model/neutral-message.js';
export * from './model/participant.js';
export * from './model/public-links.js';
export * from './model/role.js';
export * from './model/severity.js';
export * from './model/status-update.js';
export * from './model/timeline-entry.js';
export * from './model/typed-text.js';
export * from './ports/chat-workspace.js';
export * from './ports/clock.js';
export * from './ports/outbox-consumer.js';
export * from './ports/repositories.js';
export * from './commands/button-intent.js';
export * from './commands/chat-error-reply.js';
export * from './commands/command.js';
export * from './commands/command-context.js';
export * from './commands/command-settings.js';
export * from './commands/permission-policy.js';
export * from './commands/command-help.js';
export * from './commands/command-parser.js';
export * from './commands/incident-messages.js';
export * from './commands/incident-service.js';
export {
  recordOf,
  type CommandRecord,
  type CommandRecordKind,
  type CommandRecordOf,
} from './commands/command-record.js';
export * from './communications/communications.js';
export { parseDueDate, parseDelay, parseTime } from './model/requested-time.js';
export { UpdateScheduler } from './communications/update-scheduler.js';
export { reminderMessage, ReminderService } from './communications/reminders.js';
export * from './communications/subscribers.js';
export { CommunicationsQueries } from './communications/communications-queries.js';
export { parseUpdateCommand } from './communications/communication-commands.js';
export * from './review/review.js';
export { draftReviewMarkdown } from './review/review-document.js';
export { ReviewService } from './review/review-service.js';
export { WriteUpService } from './review/write-up-publishing.js';
export * from './review/followup-reminders.js';
export * from './scheduled-work/retry-backoff.js';
export * from './alerts/alert-groups.js';
export * from './alerts/alert-intake.js';
export { ALERT_ACTIONS, AlertRouting, type AlertRouteDefinition } from './alerts/alert-routes.js';
export type { Alert, AlertNotification } from './alerts/alert-notification.js';
