import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CommandSettings,
  DEFAULT_COMMAND_SETTINGS,
  type Command,
  COMMAND_WORDS,
  type CommandContext,
  followupDigest,
  type Incident,
  IncidentError,
  IncidentErrorCode,
  incidentAnnouncement,
  incidentHeadline,
  IncidentService,
  chatReplyForError,
  type NeutralMessage,
  type Participant,
  publicUpdateEcho,
  REMINDER_KINDS,
  reminderMessage,
} from '@firebreak/incident';
import { FixedClock, InMemoryUnitOfWork } from '@firebreak/incident/testing';
import { type AdaptiveCard, TeamsCardRenderer, namesIn } from './teams-card.renderer.js';
import { declareFormCard, declarePromptActivity } from './declare-form.js';

/**
 * Microsoft's own Adaptive Cards SDK, which Teams clients render with. Its `lib/` build is ES modules without
 * file extensions, which Node cannot load, so the test loads its UMD bundle. Parsing and validating need no
 * DOM (only rendering does), so no DOM emulation is installed.
 */
interface ValidationEvent {
  readonly phase: number;
  readonly event: number;
  readonly message: string;
}
interface AdaptiveCardsSdk {
  AdaptiveCard: new () => {
    parse(json: unknown, context: unknown): void;
    validateProperties(): { validationEvents: ValidationEvent[] };
  };
  SerializationContext: new (version?: unknown) => {
    readonly eventCount: number;
    getEventAt(index: number): ValidationEvent;
  };
  Version: { parse(text: string, context: unknown): unknown };
  ValidationPhase: Record<number, string>;
  ValidationEvent: Record<number, string>;
}
const sdk = createRequire(import.meta.url)('adaptivecards/dist/adaptivecards.js') as AdaptiveCardsSdk;

/** What the SDK finds wrong with a card at the version the card declares: parse events, then validation. */
function sdkFindings(card: AdaptiveCard): string[] {
  const context = new sdk.SerializationContext(
    sdk.Version.parse(card.version, new sdk.SerializationContext()),
  );
  const parsed = new sdk.AdaptiveCard();
  parsed.parse(card, context);
  const events = Array.from({ length: context.eventCount }, (_, index) => context.getEventAt(index));
  return [...events, ...parsed.validateProperties().validationEvents].map(
    (each) => `${sdk.ValidationPhase[each.phase]} ${sdk.ValidationEvent[each.event]}: ${each.message}`,
  );
}

const zoe: Participant = { id: 'teams:29:zoe', displayName: 'Zoë Ångström 🚒' };
const lukasz: Participant = { id: 'teams:29:lukasz', displayName: 'Łukasz Żółć' };
const siobhan: Participant = { id: 'teams:29:siobhan', displayName: 'Siobhán Ó Briain' };
const mentioned = { [lukasz.id]: lukasz.displayName, [siobhan.id]: siobhan.displayName };

const SUMMARY =
  'Since 09:12 UTC the checkout service answers 502 to about a third of card payments. The payment ' +
  'provider reports elevated latency in its São Paulo region; our retries pile up and exhaust the pool, so ' +
  'healthy regions fail too. Orders already paid are safe; refunds are not affected. 💳';
const IMPACT =
  'Customers in Brazil and Switzerland cannot pay by card, about 1 200 orders an hour; PayPal and gift ' +
  'cards still work. Support has 340 open tickets and a banner on the checkout page explains the delay.';
const NOTE =
  'Łukasz: the provider confirms its São Paulo region is degraded with no ETA. We lowered our retry budget ' +
  'from 5 to 1 for that region and moved its traffic to the Frankfurt endpoint, which answers in 180 ms. ' +
  'Error rate is down from 31 % to 4 % and still falling — watching the pool gauges. 👀';
const UPDATE =
  'Some card payments fail for customers in Brazil and Switzerland. We have found the cause, a slow ' +
  'provider region exhausting our connection pool, and are rolling out a fix. PayPal works normally. ' +
  'Next update within 30 minutes.';

/**
 * A realistic incident run through the real domain, with every command word of the language at least once.
 * Long free texts go in as typed commands (the shape every transport produces after parsing), so the cards
 * carry 40–60 word texts however the parser splits a line.
 */
const SCRIPT: readonly [Participant, string | Command][] = [
  [zoe, 'declare Paiements refusés 🔥 checkout 502 in São Paulo'],
  [zoe, 'lead INC-1'],
  [zoe, 'scribe INC-1 <@teams:29:lukasz>'],
  [zoe, 'comms INC-1 <@teams:29:siobhan>'],
  [zoe, 'summary INC-1 Card payments fail'],
  [zoe, { kind: 'summary', ref: 'INC-1', text: SUMMARY }],
  [zoe, 'impact INC-1 Brazil and Zürich cannot pay'],
  [zoe, { kind: 'impact', ref: 'INC-1', text: IMPACT }],
  [zoe, 'sev INC-1 critical'],
  [zoe, 'title INC-1 Paiements refusés: pool de connexions épuisé à São Paulo'],
  [siobhan, 'public-title INC-1 Card payments fail for some customers 💳'],
  [siobhan, 'public-impact INC-1 major'],
  [zoe, 'private INC-1'],
  [zoe, 'invite INC-1 <@teams:29:lukasz> <@teams:29:siobhan>'],
  [zoe, 'uninvite INC-1 <@teams:29:lukasz>'],
  [zoe, 'private INC-1 --public'],
  [zoe, 'status INC-1 identified'],
  [zoe, 'page INC-1 Payments on-call'],
  [lukasz, 'call INC-1'],
  [siobhan, 'component INC-1 Checkout API partial_outage'],
  [lukasz, 'action INC-1 Rolled back the pool change 📉'],
  [lukasz, { kind: 'note', ref: 'INC-1', text: NOTE }],
  [lukasz, 'note INC-1 Provider confirms São Paulo is degraded'],
  [zoe, 'followup INC-1 Cap retries per region <@teams:29:siobhan> due 2026-12-01'],
  [lukasz, 'done 1'],
  [siobhan, 'update INC-1 Card payments fail; fix rolling out.'],
  [siobhan, { kind: 'update', ref: 'INC-1', body: UPDATE }],
  [siobhan, 'update INC-1 --in 30m Still monitoring card payments'],
  [siobhan, 'updates INC-1'],
  [siobhan, 'cancel update 1'],
  [lukasz, 'update INC-1 --draft Card payments work again 🙏'],
  [siobhan, 'approve 1'],
  [siobhan, 'snooze INC-1 30m'],
  [siobhan, 'components INC-1 operational'],
  [zoe, 'unassign INC-1 scribe'],
  [zoe, 'list'],
  [zoe, 'show INC-1'],
  [zoe, 'help'],
  [zoe, 'help update'],
  [zoe, 'followups'],
  [zoe, 'resolve INC-1'],
  [zoe, 'reopen INC-1'],
  [zoe, 'resolve INC-1'],
  [zoe, 'review INC-1 rca A retry storm exhausted the pool'],
  [zoe, { kind: 'review', ref: 'INC-1', section: 'happened', text: NOTE }],
  [zoe, 'review INC-1 schedule 2026-03-05 15:00'],
  [zoe, 'review INC-1 done'],
  [zoe, 'publish INC-1'],
  [zoe, 'publish INC-1 confirm'],
  [zoe, 'unpublish INC-1'],
  [zoe, 'close INC-1 --override Tracked in the payments roadmap'],
];

/** Commands the domain refuses, each for a different reason. */
const REFUSED: readonly [Participant, string][] = [
  [zoe, 'frobnicate INC-1'],
  [zoe, 'sev INC-1 apocalyptic'],
  [zoe, 'show INC-999'],
  [zoe, 'sev critical'],
  [zoe, 'status INC-1 monitoring'],
  [lukasz, 'close INC-2'],
  [zoe, 'component INC-2 Nonexistent operational'],
  [zoe, 'done 999'],
];

describe('every card the Teams connector sends passes the Adaptive Cards SDK', () => {
  const renderer = new TeamsCardRenderer();
  const cards = new Map<string, AdaptiveCard>();
  const clock = new FixedClock(new Date('2026-03-01T09:30:00.000Z'));

  const addCards = (kind: string, message: NeutralMessage, names: Record<string, string> = {}) => {
    const attachments = renderer.render(message, names).attachments ?? [];
    attachments.forEach((attachment, index) => cards.set(`${kind} #${index}`, attachment.content));
  };

  beforeAll(async () => {
    const unitOfWork = new InMemoryUnitOfWork();
    const incidents = new IncidentService(
      unitOfWork,
      clock,
      new CommandSettings(DEFAULT_COMMAND_SETTINGS.links, undefined, {
        paging: { pagerDuty: null, webhook: true },
        calls: { platforms: [], urlTemplate: 'https://meet.jit.si/firebreak-{ref}' },
      }),
    );
    await incidents.createComponent({ name: 'Checkout API', group: 'Payments' });
    const as = (actor: Participant): CommandContext => ({ actor, location: null, mentioned });
    for (const [actor, line] of SCRIPT) {
      const result =
        typeof line === 'string'
          ? await incidents.run(line, as(actor))
          : await incidents.execute(line, as(actor));
      const kind = typeof line === 'string' ? line : `${line.kind} (typed)`;
      addCards(`reply to "${kind}"`, result.message, { ...mentioned, ...namesIn(result.incident) });
      clock.advance(4 * 60_000);
    }
    await incidents.run('declare Search is slow for queries with diacritics (é, ü, ñ)', as(zoe));
    for (const [actor, line] of REFUSED) {
      // The parser throws before any promise exists: run it inside one.
      const refusal = await Promise.resolve(line)
        .then((text) => incidents.run(text, as(actor)))
        .then(
          () => null,
          (error: unknown) => error,
        );
      expect(refusal, line).toBeInstanceOf(IncidentError);
      addCards(`refusal of "${line}"`, chatReplyForError(refusal, () => 'error-1').reply);
    }
    for (const code of Object.values(IncidentErrorCode))
      addCards(
        `error ${code}`,
        chatReplyForError(new IncidentError(code, `Refused: ${SUMMARY}`), () => 'error-1').reply,
      );
    addCards('unexpected error', chatReplyForError(new Error('disk full'), () => 'error-1').reply);

    const incident = (await incidents.getIncident('INC-1')) as Incident;
    const open = (await incidents.getIncident('INC-2')) as Incident;
    const components = await incidents.components();
    addCards('headline (closed)', incidentHeadline(incident, components), namesIn(incident));
    addCards('headline (open)', incidentHeadline(open, components), namesIn(open));
    addCards(
      'announcement',
      incidentAnnouncement(open, 'https://teams.microsoft.com/l/channel/19%3Aabc'),
      {},
    );
    addCards('announcement without link', incidentAnnouncement(open, null), {});
    addCards('public update echo', publicUpdateEcho('INC-1', UPDATE, 'https://status.example.org'));
    const reminder = reminderMessage(open, REMINDER_KINDS, null, clock.now());
    addCards('reminder', reminder.message, namesIn(open));
    addCards('follow-up digest', followupDigest(await incidents.listOpenFollowups(), clock.now()));
    addCards('empty follow-up digest', followupDigest([], clock.now()));
    cards.set(
      'headline in an Action.Execute answer',
      renderer.card(incidentHeadline(open, components), namesIn(open)),
    );
    cards.set('declare prompt', declarePromptActivity().attachments[0]!.content);
    cards.set('declare form (task module)', declareFormCard());
  });

  it('runs every command word of the language', () => {
    const words = new Set(SCRIPT.map(([, line]) => (typeof line === 'string' ? line.split(' ')[0] : null)));
    expect(COMMAND_WORDS.filter((word) => !words.has(word))).toEqual([]);
  });

  it('finds nothing wrong with any card, at the version it declares', () => {
    expect(cards.size).toBeGreaterThan(30);
    const findings = [...cards].flatMap(([kind, card]) =>
      sdkFindings(card).map((each) => `${kind}: ${each}`),
    );
    expect(findings).toEqual([]);
  });

  it('is a validator that finds what Teams would refuse', () => {
    const broken = {
      type: 'AdaptiveCard',
      version: '1.5',
      body: [
        { type: 'Input.Text', id: 'text', isRequired: true, label: 'Update' },
        { type: 'Input.Text', id: 'text', label: 'Again' },
        { type: 'Carousel' },
      ],
      actions: [],
    } as unknown as AdaptiveCard;
    expect(sdkFindings(broken)).toEqual([
      expect.stringContaining('Carousel'),
      expect.stringContaining('RequiredInputsShouldHaveErrorMessage'),
      expect.stringContaining('DuplicateId'),
    ]);
  });
});
