export * from './webhook-signature.js';
export { statuspagePayload, withMeta, type PageIdentity } from './statuspage-payload.js';
export * from './notification-emails.js';
export { SmtpEmailSender, WebhookSender, type HostResolver } from './notification-senders.js';
export { WebhookAddressPolicy, type AllowedNetworks } from './webhook-address-policy.js';
export {
  NotificationDispatcher,
  type EmailSender,
  type NotificationDispatcherOptions,
  type WebhookPoster,
} from './notification-dispatcher.js';
export { SubscriberFanout } from './subscriber-fanout.js';
export {
  SubscriptionService,
  type SubscribeRequest,
  type SubscribeResult,
  type SubscriptionOptions,
} from './subscription-service.js';
