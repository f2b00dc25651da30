export * from './webhook-signature.js';
export { type PageIdentity } from './statuspage-payload.js';
export * from './notification-emails.js';
export { SmtpEmailSender, WebhookSender } from './notification-senders.js';
export { WebhookAddressPolicy } from './webhook-address-policy.js';
export { NotificationDispatcher } from './notification-dispatcher.js';
export { SubscriberFanout } from './subscriber-fanout.js';
export { SubscriptionService } from './subscription-service.js';
