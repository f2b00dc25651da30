import {
  DEFAULT_REMINDER_POLICY,
  DEFAULT_UPDATE_TEMPLATES,
  SEVERITIES,
  type ReminderPolicy,
  type Severity,
  type UpdateTemplates,
} from '@firebreak/incident';
import { addressRangesVariable } from '@firebreak/operations';
import { z } from 'zod';

/** `critical=30,major=60,minor=120` (minutes); severities left out keep their default. */
const cadence = z
  .string()
  .optional()
  .transform((value, context) => {
    const result: Record<Severity, number> = { ...DEFAULT_REMINDER_POLICY.updateCadence };
    for (const pair of (value ?? '')
      .split(',')
      .map((each) => each.trim())
      .filter(Boolean)) {
      const [name, minutes] = pair.split('=').map((each) => each.trim());
      if (
        !(SEVERITIES as readonly string[]).includes(name ?? '') ||
        !/^\d{1,4}$/.test(minutes ?? '') ||
        Number(minutes) < 1
      ) {
        context.addIssue({
          code: 'custom',
          message: 'write it like critical=30,major=60,minor=120 (minutes)',
        });
        return z.NEVER;
      }
      result[name as Severity] = Number(minutes);
    }
    return result;
  });

/** A JSON object of name → text, added to (and overriding) the default templates. */
const templates = z
  .string()
  .optional()
  .transform((value, context): UpdateTemplates => {
    if (!value) return DEFAULT_UPDATE_TEMPLATES;
    try {
      const parsed = z
        .record(z.string().regex(/^[\w-]{1,64}$/), z.string().min(1).max(4000))
        .parse(JSON.parse(value));
      return {
        ...DEFAULT_UPDATE_TEMPLATES,
        ...Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k.toLowerCase(), v])),
      };
    } catch {
      context.addIssue({
        code: 'custom',
        message: 'must be a JSON object of template name → text, e.g. {"degraded":"…"}',
      });
      return z.NEVER;
    }
  });

const optionalText = z
  .string()
  .optional()
  .transform((value) => value?.trim() || undefined);

/** The gateway's variables for the communications lead's tools and subscriber notifications; all optional, with the defaults documented in the README. */
export const COMMUNICATIONS_ENVIRONMENT = {
  /** How often the scheduler publishes due updates, checks reminders and sends notifications; 0 turns the timer off. */
  COMMS_TICK_MS: z.coerce.number().int().min(0).max(600_000).default(5_000),
  REMINDER_CADENCE_MINUTES: cadence,
  REMINDER_GRACE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(1440)
    .default(DEFAULT_REMINDER_POLICY.gracePeriod),
  UPDATE_TEMPLATES: templates,
  /** `smtp://user:pass@host:587` or `smtps://…`; without it email subscriptions are refused. */
  SMTP_URL: optionalText,
  NOTIFY_FROM: z.string().default('Firebreak Status <status@localhost>'),
  /** Where subscribers' confirm and unsubscribe links point (this gateway's public address). */
  PUBLIC_GATEWAY_URL: z
    .url('must be a URL such as https://gateway.example.com')
    .default('http://localhost:3978'),
  /** Consecutive failed deliveries after which a webhook subscriber is disabled. */
  WEBHOOK_MAX_FAILURES: z.coerce.number().int().min(1).max(1000).default(10),
  /** First retry delay; doubled per attempt up to an hour. */
  NOTIFY_RETRY_BASE_MS: z.coerce.number().int().min(1).max(3_600_000).default(30_000),
  /** The page's id and name in subscriber payloads and emails. */
  NOTIFY_PAGE_ID: z
    .string()
    .regex(/^[\w-]{1,64}$/)
    .default('firebreak'),
  NOTIFY_PAGE_NAME: z.string().min(1).max(200).default('Firebreak Status'),
  /**
   * Networks webhooks may reach although they are not public (on-premises receivers; tests' loopback receivers),
   * as addresses or CIDR networks. Empty: public addresses only.
   */
  WEBHOOK_ALLOWED_PRIVATE_NETWORKS: addressRangesVariable,
  /** The old all-or-nothing switch; refused so nobody keeps believing private addresses are reachable (or not). */
  WEBHOOK_ALLOW_PRIVATE_ADDRESSES: z
    .never({
      error:
        'was replaced by WEBHOOK_ALLOWED_PRIVATE_NETWORKS: list the networks webhooks may reach, e.g. 10.20.0.0/16',
    })
    .optional(),
  /** Subscription requests allowed per client address per hour. */
  SUBSCRIBE_RATE_LIMIT: z.coerce.number().int().min(1).max(100_000).default(20),
  /** An email address gets at most one confirmation email per this many minutes. */
  SUBSCRIBE_CONFIRMATION_WINDOW_MINUTES: z.coerce.number().int().min(1).max(10_080).default(60),
};

export function reminderPolicyFrom(config: {
  REMINDER_CADENCE_MINUTES: Record<Severity, number>;
  REMINDER_GRACE_MINUTES: number;
}): ReminderPolicy {
  return { updateCadence: config.REMINDER_CADENCE_MINUTES, gracePeriod: config.REMINDER_GRACE_MINUTES };
}
