export * from './errors.js';
export * from './model/action-item.js';
export * from './model/component.js';
export * from './model/domain-event.js';
export * from './model/incident.js';
export * from './model/incident-status.js';
export * from './model/maintenance.js';
export * from './model/milestones.js';
export * from './model/write-up.js';
export * from './model/workspace-standing.js';
export * from './ports/status-page-repositories.js';
export * from './maintenance/maintenance-service.js';
export * from './maintenance/write-ups.js';
export * from './model/neutral-message.js';
export * from './model/participant.js';
export * from './model/public-impact.js';
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
export * from './commands/chat-error-reply.js';
export * from './commands/command.js';
export * from './commands/command-context.js';
export * from './commands/command-settings.js';
export * from './commands/permission-policy.js';
export * from './commands/command-help.js';
export * from './commands/command-parser.js';
export {
  DECLARE_PAST_FIELD,
  parseDeclare,
  parsePastTimes,
  type PastTimes,
} from './commands/declare-command.js';
export * from './commands/incident-messages.js';
export * from './commands/incident-service.js';
export { serializeIncident } from './commands/command-scope.js';
export { DEFAULT_SEVERITY } from './commands/handlers/declare.handler.js';
export * from './testing/in-memory-unit-of-work.js';
export * from './testing/recording-retry-backoff.js';
export { fastestRunMs } from './testing/running-time.js';
export { PROTOTYPE_WORDS } from './testing/prototype-words.js';
export * from './communications/communications.js';
export {
  ACCEPTED_TIMES,
  describeInstant,
  parseDueDate,
  parseDelay,
  parseTime,
  resolvePastTime,
  resolveTime,
  type RequestedTime,
  type TimeLimit,
} from './model/requested-time.js';
export { communicationsOf, updateText } from './communications/communications.handler.js';
export { UpdateScheduler } from './communications/update-scheduler.js';
export {
  dueReminders,
  reminderMessage,
  ReminderService,
  type ReminderDuePayload,
} from './communications/reminders.js';
export { InMemoryCommunicationsState } from './communications/in-memory-communications.js';
export * from './communications/subscribers.js';
export { CommunicationsQueries } from './communications/communications-queries.js';
export { parseUpdateCommand } from './communications/communication-commands.js';
export * from './review/review.js';
export { draftReviewMarkdown, replaceSection, type IncidentRecord } from './review/review-document.js';
export { ReviewService } from './review/review-service.js';
export { draftWriteUpMarkdown, WriteUpService } from './review/write-up-publishing.js';
export * from './review/followup-reminders.js';
export * from './scheduled-work/retry-backoff.js';
export * from './alerts/alert-groups.js';
export * from './alerts/alert-intake.js';
export {
  ALERT_ACTIONS,
  AlertRouting,
  type AlertAction,
  type AlertRoute,
  type AlertRouteDefinition,
} from './alerts/alert-routes.js';
export type { Alert, AlertNotification, AlertSource, AlertStatus } from './alerts/alert-notification.js';
export { LabelPattern, MAX_PATTERN_LENGTH } from './alerts/label-pattern.js';
export { parseLabelMatcher, type LabelMatcher, type Labels } from './alerts/label-matcher.js';
