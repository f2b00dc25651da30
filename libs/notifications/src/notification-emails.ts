import type { Subscriber } from '@firebreak/incident';
import type { PageIdentity, StatuspageWebhookBody } from './statuspage-payload.js';

export interface EmailMessage {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly headers: Readonly<Record<string, string>>;
}

export interface SubscriptionLinks {
  confirm(subscriber: Subscriber): string;
  unsubscribe(subscriber: Subscriber): string;
}

const escape = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!,
  );

function email(to: string, subject: string, lines: string[], unsubscribe: string | null): EmailMessage {
  const footer = unsubscribe ? ['', `Unsubscribe: ${unsubscribe}`] : [];
  const text = [...lines, ...footer].join('\n');
  const html = [
    ...lines.map((line) => `<p>${escape(line)}</p>`),
    ...(unsubscribe ? [`<p><a href="${escape(unsubscribe)}">Unsubscribe</a></p>`] : []),
  ].join('\n');
  const headers: Record<string, string> = unsubscribe
    ? { 'List-Unsubscribe': `<${unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' }
    : {};
  return { to, subject, text, html, headers };
}

/** Double opt-in: nothing else is sent to the address until the button on the linked page is pressed. */
export function confirmationEmail(
  page: PageIdentity,
  subscriber: Subscriber,
  links: SubscriptionLinks,
): EmailMessage {
  return email(
    subscriber.address,
    `Confirm your subscription to ${page.name}`,
    [
      `Someone (hopefully you) asked to receive ${page.name} incident updates at this address.`,
      `To confirm, open this page and press its button: ${links.confirm(subscriber)}`,
      'If it was not you, ignore this email and nothing more will be sent.',
    ],
    links.unsubscribe(subscriber),
  );
}

/** An incident update, post-mortem or component change, from the Statuspage webhook body. */
export function notificationEmail(
  page: PageIdentity,
  subscriber: Subscriber,
  body: StatuspageWebhookBody,
  links: SubscriptionLinks,
): EmailMessage {
  const unsubscribe = links.unsubscribe(subscriber);
  if (!('incident' in body)) {
    const { component } = body;
    const status = component.status.replace(/_/g, ' ');
    return email(
      subscriber.address,
      `[${page.name}] ${component.name} is ${status}`,
      [`${component.name} is now ${status}.`, `Status page: ${page.url}`],
      unsubscribe,
    );
  }
  const { incident } = body;
  if (incident.status === 'postmortem') {
    return email(
      subscriber.address,
      `[${page.name}] Post-incident write-up: ${incident.name}`,
      [`We published what happened and what we are changing: ${incident.shortlink}`],
      unsubscribe,
    );
  }
  return email(
    subscriber.address,
    `[${page.name}] ${incident.name}: ${incident.status}`,
    [
      `${incident.status[0]!.toUpperCase()}${incident.status.slice(1)} — ${incident.incident_updates[0]?.body ?? ''}`,
      `Details: ${incident.shortlink}`,
    ],
    unsubscribe,
  );
}

/** To a webhook's contact address when the webhook was disabled after repeated failures. */
export function webhookDisabledEmail(
  page: PageIdentity,
  subscriber: Subscriber,
  contact: string,
  failures: number,
): EmailMessage {
  return email(
    contact,
    `[${page.name}] Your status webhook was disabled`,
    [
      `Deliveries to ${subscriber.address} failed ${failures} times in a row, so we stopped sending to it.`,
      'Fix the endpoint and subscribe it again to receive updates.',
    ],
    null,
  );
}
