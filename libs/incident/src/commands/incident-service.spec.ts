import { beforeEach, describe, expect, it } from 'vitest';
import { IncidentError, IncidentErrorCode } from '../errors.js';
import type { Participant } from '../model/participant.js';
import { FixedClock } from '../testing/fixed-clock.js';
import { InMemoryUnitOfWork } from '../testing/in-memory-unit-of-work.js';
import type { CommandContext } from './command-context.js';
import { incidentAnnouncement } from './incident-messages.js';
import { recordOf } from './command-record.js';
import { IncidentService } from './incident-service.js';

const alice: Participant = { id: 'discord:1', displayName: 'Alice' };
const bob: Participant = { id: 'teams:29:bob', displayName: 'Bob' };
const carol: Participant = { id: 'discord:3', displayName: 'Carol' };

describe(IncidentService.name, () => {
  let unitOfWork: InMemoryUnitOfWork;
  let clock: FixedClock;
  let sut: IncidentService;
  const as = (actor: Participant, extra: Partial<CommandContext> = {}): CommandContext => ({
    actor,
    location: null,
    ...extra,
  });

  async function refusal(text: string, context: CommandContext): Promise<IncidentError> {
    const error = await sut.run(text, context).then(
      () => null,
      (caught: unknown) => caught,
    );
    if (error instanceof IncidentError) return error;
    throw new Error(`"${text}" was not refused`);
  }

  beforeEach(() => {
    unitOfWork = new InMemoryUnitOfWork();
    clock = new FixedClock(new Date('2026-03-01T10:00:00.000Z'));
    sut = new IncidentService(unitOfWork, clock);
  });

  describe('declare', () => {
    it('creates INC-1, INC-2 … with the reporter set and a declared timeline entry', async () => {
      const first = await sut.run(
        'declare DB is down',
        as(alice, { location: { platform: 'discord', channelId: 'g/general' } }),
      );
      const second = await sut.run('declare Queue backlog', as(bob));
      expect(first.incident).toMatchObject({
        ref: 'INC-1',
        title: 'DB is down',
        status: 'investigating',
        severity: 'major',
        roles: { reporter: alice },
        declaredIn: { platform: 'discord', channelId: 'g/general' },
        declaredAt: clock.now(),
        startedAt: clock.now(),
      });
      expect(second.incident?.ref).toBe('INC-2');
      const timeline = await sut.timeline('INC-1');
      expect(timeline.map((entry) => entry.kind)).toEqual(['declared']);
      expect(timeline[0]!.author).toEqual(alice);
    });

    it('starts an incident declared from alerts when they started, but never after it was declared', async () => {
      const alertsStarted = new Date('2026-03-01T09:41:12.345Z');
      const fromAlerts = await sut.execute(
        { kind: 'declare', title: 'Checkout p99 over 2 s', startedAt: alertsStarted },
        as(alice),
      );
      const skewed = await sut.execute(
        { kind: 'declare', title: 'Sender clock ahead', startedAt: new Date('2026-03-01T10:05:00.000Z') },
        as(alice),
      );
      expect(fromAlerts.incident).toMatchObject({ declaredAt: clock.now(), startedAt: alertsStarted });
      expect(skewed.incident?.startedAt).toEqual(clock.now());
      const shown = await sut.run('show INC-1', as(alice));
      expect(shown.message.fields).toContainEqual({
        name: 'Started',
        value: '2026-03-01 09:41 UTC',
        inline: true,
      });
      const notEarlier = await sut.run('show INC-2', as(alice));
      expect(notEarlier.message.fields.map((field) => field.name)).not.toContain('Started');
    });

    it('writes an incident.declared event carrying the incident', async () => {
      await sut.run('declare DB is down', as(alice));
      const declared = unitOfWork.events.find((event) => event.type === 'incident.declared');
      expect(declared?.incidentRef).toBe('INC-1');
      expect(declared?.payload.incident).toMatchObject({ ref: 'INC-1', title: 'DB is down' });
    });
  });

  describe('facts', () => {
    beforeEach(async () => {
      await sut.run('declare DB is down', as(alice));
    });

    it('sets summary, impact and severity, each logged in the timeline', async () => {
      await sut.run('summary INC-1 Primary database refuses connections', as(alice));
      await sut.run('impact INC-1 Checkout fails for all users', as(alice));
      const result = await sut.run('sev INC-1 critical', as(alice));
      expect(result.incident).toMatchObject({
        summary: 'Primary database refuses connections',
        impact: 'Checkout fails for all users',
        severity: 'critical',
        version: 4,
      });
      const kinds = (await sut.timeline('INC-1')).map((entry) => entry.kind);
      expect(kinds).toEqual(['declared', 'summary_changed', 'impact_changed', 'severity_changed']);
    });

    it('says so, and logs nothing, when the severity does not change', async () => {
      const result = await sut.run('sev INC-1 major', as(alice));
      expect(result.message.text).toBe('INC-1 is already major.');
      expect(await sut.timeline('INC-1')).toHaveLength(1);
    });

    it('needs a reference outside the incident channel', async () => {
      const error = await refusal('sev critical', as(alice));
      expect(error.code).toBe(IncidentErrorCode.IncidentRequired);
    });

    it('implies the incident inside its channel', async () => {
      await sut.attachSpace('INC-1', {
        platform: 'discord',
        channelId: 'g/inc-1',
        headlineMessageId: null,
        announcementMessageId: null,
        url: null,
      });
      const result = await sut.run(
        'sev minor',
        as(alice, { location: { platform: 'discord', channelId: 'g/inc-1' } }),
      );
      expect(result.incident?.severity).toBe('minor');
    });

    it('keeps an updated space in its place among the others', async () => {
      const space = (platform: 'discord' | 'teams', channelId: string, headlineMessageId: string | null) => ({
        platform,
        channelId,
        headlineMessageId,
        announcementMessageId: null,
        url: null,
      });
      await sut.attachSpace('INC-1', space('discord', 'g/inc-1', null));
      await sut.attachSpace('INC-1', space('teams', '19:inc1@thread.tacv2', null));
      const updated = await sut.attachSpace('INC-1', space('discord', 'g/inc-1', 'm-1'));
      expect(updated.spaces).toEqual([
        space('discord', 'g/inc-1', 'm-1'),
        space('teams', '19:inc1@thread.tacv2', null),
      ]);
    });

    it('names an unknown incident', async () => {
      const error = await refusal('sev INC-9 critical', as(alice));
      expect(error.code).toBe(IncidentErrorCode.IncidentNotFound);
      expect(error.message).toBe('There is no incident INC-9.');
    });
  });

  describe('roles', () => {
    beforeEach(async () => {
      await sut.run('declare DB is down', as(alice));
    });

    it('lets someone take a role by naming nobody', async () => {
      const result = await sut.run('lead INC-1', as(bob));
      expect(result.incident?.roles.lead).toEqual(bob);
      expect(result.message.text).toBe(`<@${bob.id}> is now Incident Lead.`);
    });

    it('assigns a mentioned user with the display name the platform gave', async () => {
      const result = await sut.run(
        `scribe INC-1 <@${carol.id}>`,
        as(alice, { mentioned: { [carol.id]: 'Carol' } }),
      );
      expect(result.incident?.roles.scribe).toEqual(carol);
    });

    it('transfers a role, keeping one holder, and logs who handed over to whom', async () => {
      await sut.run('lead INC-1', as(alice));
      const result = await sut.run(`lead INC-1 <@${bob.id}>`, as(alice, { mentioned: { [bob.id]: 'Bob' } }));
      expect(result.incident?.roles.lead).toEqual(bob);
      const last = (await sut.timeline('INC-1')).at(-1)!;
      expect(last).toMatchObject({
        kind: 'role_changed',
        text: 'Incident Lead transferred from Alice to Bob.',
      });
      expect(last.data).toEqual({ role: 'lead', from: alice, to: bob });
    });

    it('unassigns a role and refuses to unassign an empty one', async () => {
      await sut.run('comms INC-1', as(bob));
      const result = await sut.run('unassign INC-1 comms', as(alice));
      expect(result.incident?.roles.comms).toBeUndefined();
      const error = await refusal('unassign INC-1 comms', as(alice));
      expect(error.message).toBe('Nobody is Communications Lead of INC-1.');
    });

    it('keeps the reporter when the lead changes', async () => {
      const result = await sut.run('lead INC-1', as(bob));
      expect(result.incident?.roles.reporter).toEqual(alice);
    });
  });

  describe('status and close', () => {
    beforeEach(async () => {
      await sut.run('declare DB is down', as(alice));
      await sut.run('lead INC-1', as(alice));
    });

    it('refuses to close an incident that is still investigating, changing nothing', async () => {
      const before = await sut.getIncident('INC-1');
      const error = await refusal('close INC-1', as(alice));
      expect(error.code).toBe(IncidentErrorCode.IllegalTransition);
      expect(error.message).toBe('INC-1 is still investigating: resolve it before closing.');
      expect(await sut.getIncident('INC-1')).toEqual(before);
    });

    it('resolves, records the time, and closes', async () => {
      clock.advance(60_000);
      const resolved = await sut.run('resolve INC-1', as(alice));
      expect(resolved.incident).toMatchObject({ status: 'resolved', resolvedAt: clock.now() });
      clock.advance(60_000);
      await sut.run('review INC-1 done', as(alice));
      const closed = await sut.run('close INC-1', as(alice));
      expect(closed.incident).toMatchObject({ status: 'closed', closedAt: clock.now() });
      expect(unitOfWork.events.map((event) => event.type)).toContain('incident.closed');
    });

    it('lets only the lead close', async () => {
      await sut.run('resolve INC-1', as(alice));
      const error = await refusal('close INC-1', as(bob));
      expect(error.code).toBe(IncidentErrorCode.NotPermitted);
    });

    it('lets a privileged user close without being the lead', async () => {
      await sut.run('resolve INC-1', as(alice));
      await sut.run('review INC-1 done', as(bob, { privileged: true }));
      const closed = await sut.run('close INC-1', as(bob, { privileged: true }));
      expect(closed.incident?.status).toBe('closed');
    });

    it('reopens a resolved incident and clears the resolution time', async () => {
      await sut.run('resolve INC-1', as(alice));
      const reopened = await sut.run('reopen INC-1', as(alice));
      expect(reopened.incident).toMatchObject({ status: 'investigating', resolvedAt: null });
    });

    it('refuses every change to a closed incident', async () => {
      await sut.run('resolve INC-1', as(alice));
      await sut.run('close INC-1 --override duplicate of INC-0', as(alice));
      expect((await refusal('sev INC-1 minor', as(alice))).message).toBe(
        'INC-1 is closed; you can no longer change its severity.',
      );
      expect((await refusal('reopen INC-1', as(alice))).code).toBe(IncidentErrorCode.IllegalTransition);
    });
  });

  describe('records', () => {
    it('says what each command created or changed, with the stored ids', async () => {
      const declared = await sut.run('declare Paiements refusés pour les cartes émises en Suède', as(alice));
      expect(recordOf(declared.records, 'incident').incident).toEqual(declared.incident);

      const noted = await sut.run('note INC-1 Zoë redémarre la passerelle de paiement', as(alice));
      expect(recordOf(noted.records, 'timeline_entry').entry).toMatchObject({
        incidentRef: 'INC-1',
        kind: 'note',
        text: 'Zoë redémarre la passerelle de paiement',
      });
      const followup = await sut.run('followup INC-1 Renouveler le certificat due 2026-12-31', as(alice));
      expect(recordOf(followup.records, 'action_item').item).toMatchObject({
        kind: 'followup',
        text: 'Renouveler le certificat',
        dueAt: new Date('2026-12-31T23:59:59.000Z'),
      });
      await sut.run('public-title INC-1 --confirm', as(alice));
      const published = await sut.run(
        'update INC-1 Card payments are failing; we are investigating.',
        as(alice),
      );
      const { update } = recordOf(published.records, 'status_update');
      expect((await sut.statusUpdates('INC-1')).map((each) => each.id)).toEqual([update.id]);
      expect(() => recordOf(published.records, 'incident')).toThrow('The command made no incident.');
    });

    it('answers a retried delivery with the records of the first run, read back as they stand', async () => {
      await sut.run('declare DB is down', as(alice));
      const context = as(alice, { idempotencyKey: 'discord:interaction:777' });
      const first = await sut.run('action INC-1 Failed over to the replica', context);
      const retry = await sut.run('action INC-1 Failed over to the replica', context);
      expect(retry.replayed).toBe(true);
      expect(retry.records).toEqual(first.records);
      expect(await sut.actionItems('INC-1')).toHaveLength(1);
    });
  });

  describe('idempotency', () => {
    it('applies a retried delivery with the same key once and answers it the same way', async () => {
      const context = as(alice, { idempotencyKey: 'discord:interaction:555' });
      const first = await sut.run('declare DB is down', context);
      const retry = await sut.run('declare DB is down', context);
      expect(retry.replayed).toBe(true);
      expect(retry.message).toEqual(first.message);
      expect(await sut.listIncidents()).toHaveLength(1);
    });

    it('runs the same text again under a different key', async () => {
      await sut.run('declare DB is down', as(alice, { idempotencyKey: 'a' }));
      await sut.run('declare DB is down', as(alice, { idempotencyKey: 'b' }));
      expect(await sut.listIncidents()).toHaveLength(2);
    });

    it('refuses a scoped key sent again with a different request, changing nothing', async () => {
      const scope = 'api:ops POST /api/v1/commands';
      const keyed = (requestHash: string) =>
        as(alice, { idempotencyKey: 'k-1', idempotencyScope: { scope, requestHash } });
      await sut.run('declare DB is down', keyed('hash-of-first'));
      expect((await sut.run('declare DB is down', keyed('hash-of-first'))).replayed).toBe(true);

      const error = await refusal('declare Logins fail', keyed('hash-of-second'));
      expect(error.code).toBe(IncidentErrorCode.IdempotencyKeyReused);
      expect(error.field).toBe('Idempotency-Key');
      expect(await sut.listIncidents()).toHaveLength(1);
    });

    it('keeps a key apart in each scope', async () => {
      const keyed = (scope: string) =>
        as(alice, { idempotencyKey: 'k-2', idempotencyScope: { scope, requestHash: 'same' } });
      await sut.run('declare DB is down', keyed('api:ops POST /api/v1/commands'));
      const other = await sut.run('declare DB is down', keyed('api:bot POST /api/v1/commands'));
      expect(other.replayed).toBe(false);
      expect(await sut.listIncidents()).toHaveLength(2);
    });
  });

  describe('atomicity', () => {
    it('applies nothing when one command of a batch is refused', async () => {
      await sut.run('declare DB is down', as(alice));
      const eventsBefore = unitOfWork.events.length;
      const batch = sut.executeAll(
        [
          { kind: 'summary', ref: 'INC-1', text: 'New summary' },
          { kind: 'close', ref: 'INC-1', override: null },
        ],
        as(alice, { privileged: true }),
      );
      await expect(batch).rejects.toMatchObject({ code: IncidentErrorCode.IllegalTransition });
      expect((await sut.getIncident('INC-1')).summary).toBeNull();
      expect(unitOfWork.events).toHaveLength(eventsBefore);
    });
  });

  describe('actions and follow-ups', () => {
    beforeEach(async () => {
      await sut.run('declare DB is down', as(alice));
    });

    it('logs an action in the timeline and marks it done', async () => {
      const logged = await sut.run('action INC-1 Failed over to the replica', as(carol));
      expect(logged.message.text).toBe('Action #1 logged on INC-1.');
      await sut.run('done 1', as(carol));
      const [item] = await sut.actionItems('INC-1');
      expect(item).toMatchObject({ kind: 'action', state: 'done', owner: carol, doneAt: clock.now() });
      const kinds = (await sut.timeline('INC-1')).map((entry) => entry.kind);
      expect(kinds).toEqual(['declared', 'action_logged', 'action_done']);
    });

    it('adds a follow-up with an owner and due date, listed until done', async () => {
      await sut.run(
        `followup INC-1 Add replica lag alert <@${bob.id}> due 2026-04-01`,
        as(alice, { mentioned: { [bob.id]: 'Bob' } }),
      );
      const [item] = await sut.listOpenFollowups();
      expect(item).toMatchObject({
        text: 'Add replica lag alert',
        owner: bob,
        dueAt: new Date('2026-04-01T23:59:59.000Z'),
      });
      await sut.run(`done ${item!.id}`, as(bob));
      expect(await sut.listOpenFollowups()).toEqual([]);
    });

    it('names an unknown item', async () => {
      expect((await refusal('done 99', as(alice))).message).toBe('There is no action or follow-up #99.');
    });
  });

  describe('what customers see', () => {
    const SENSITIVE = 'Possible PII exposure - benefits eligibility S3 bucket public';

    beforeEach(async () => {
      await sut.run(`declare ${SENSITIVE}`, as(alice));
      await sut.run('sev INC-1 critical', as(alice));
      await sut.run('comms INC-1', as(bob));
    });

    it('publishes nothing before customers have a name for the incident, keeping the update text for a retry', async () => {
      const error = await refusal('update INC-1 We are looking into reports of slow sign-ins.', as(bob));
      expect(error.message).toContain('public-title INC-1 --confirm');
      expect(error.message).toContain(SENSITIVE);
      expect(await sut.statusUpdates('INC-1')).toEqual([]);
      expect(unitOfWork.events.map((event) => event.type)).not.toContain('status_update.published');
    });

    it('publishes under the chosen public title and impact, never the internal title or severity', async () => {
      await sut.run('public-title INC-1 Sign-in is slow for some customers', as(bob));
      await sut.run('public-impact INC-1 minor', as(bob));
      await sut.run('update INC-1 We are looking into reports of slow sign-ins.', as(bob));
      const published = unitOfWork.events.find((event) => event.type === 'status_update.published')!;
      expect(published.payload['incident']).toMatchObject({
        title: SENSITIVE,
        severity: 'critical',
        publicTitle: 'Sign-in is slow for some customers',
        publicImpact: 'minor',
      });
    });

    it('adopts the title as the public title only when confirmed, and logs it', async () => {
      const reply = await sut.run('public-title INC-1 --confirm', as(bob));
      expect(reply.incident?.publicTitle).toBe(SENSITIVE);
      const entries = await sut.timeline('INC-1');
      expect(entries.at(-1)).toMatchObject({
        kind: 'public_title_changed',
        text: `Public title confirmed from the title: "${SENSITIVE}"`,
      });
    });

    it('keeps the public title and impact when the title and severity change, and says so', async () => {
      await sut.run('public-title INC-1 Sign-in is slow', as(bob));
      await sut.run('public-impact INC-1 major', as(bob));
      const renamed = await sut.run('title INC-1 Benefits bucket was public for 3 hours', as(alice));
      expect(renamed.message.text).toBe(
        'INC-1 is now called "Benefits bucket was public for 3 hours". Customers still read "Sign-in is slow" (`public-title` changes it).',
      );
      const downgraded = await sut.run('sev INC-1 minor', as(alice));
      expect(downgraded.message.text).toContain('Customers are still shown impact major');
      const incident = await sut.getIncident('INC-1');
      expect(incident).toMatchObject({
        title: 'Benefits bucket was public for 3 hours',
        publicTitle: 'Sign-in is slow',
        publicImpact: 'major',
      });
      const kinds = (await sut.timeline('INC-1')).map((entry) => entry.kind);
      expect(kinds).toEqual(
        expect.arrayContaining(['public_title_changed', 'public_impact_changed', 'title_changed']),
      );
    });

    it('lets only the communications lead choose what customers see, and only the lead rename', async () => {
      expect((await refusal('public-title INC-1 Anything', as(carol))).message).toContain(
        'may choose the public title and the public impact',
      );
      expect((await refusal('public-impact INC-1 none', as(carol))).code).toBe('not_permitted');
      expect((await refusal('title INC-1 Renamed', as(bob))).message).toContain('may rename the incident');
    });

    it('refuses an impact outside the status page scale, naming the choices', async () => {
      expect((await refusal('public-impact INC-1 catastrophic', as(bob))).message).toBe(
        '"catastrophic" is not a public impact. Choose one of: none, minor, major, critical.',
      );
    });
  });

  describe('public communication', () => {
    beforeEach(async () => {
      await sut.createComponent({ name: 'Public API', group: 'Platform' });
      await sut.run('declare API errors', as(alice));
      await sut.run('comms INC-1', as(bob));
      await sut.run('public-title INC-1 Some API requests fail', as(bob));
    });

    it('lets the comms lead publish an update with the current status and components', async () => {
      await sut.run('component INC-1 public api partial_outage', as(bob));
      const result = await sut.run('update INC-1 We are investigating elevated errors.', as(bob));
      expect(result.message.title).toBe('Public update on INC-1');
      const [update] = await sut.statusUpdates('INC-1');
      expect(update).toMatchObject({
        body: 'We are investigating elevated errors.',
        status: 'investigating',
        author: bob,
        affectedComponents: [
          {
            componentId: 'public-api',
            name: 'Public API',
            oldStatus: 'partial_outage',
            newStatus: 'partial_outage',
          },
        ],
      });
      expect(unitOfWork.events.map((event) => event.type)).toContain('status_update.published');
    });

    it('confirms privately in the incident channel, where the update is echoed, and with the text elsewhere', async () => {
      await sut.attachSpace('INC-1', {
        platform: 'discord',
        channelId: 'inc-1-api',
        headlineMessageId: null,
        announcementMessageId: null,
        url: null,
      });
      const inChannel = await sut.run('update Still investigating.', {
        ...as(bob),
        location: { platform: 'discord', channelId: 'inc-1-api' },
      });
      expect(inChannel.message).toMatchObject({
        visibility: 'private',
        text: 'Published to the status page; it is posted in this channel for everyone.',
      });
      const elsewhere = await sut.run('update INC-1 A fix is rolling out.', as(bob));
      expect(elsewhere.message).toMatchObject({
        visibility: 'public',
        text: 'Published to the status page (http://localhost:3000/incidents/INC-1): A fix is rolling out.',
      });
    });

    it('refuses a public update from someone without the comms or lead role', async () => {
      const error = await refusal('update INC-1 All good', as(carol));
      expect(error.code).toBe(IncidentErrorCode.NotPermitted);
      expect(error.message).toContain(
        'Only the Communications Lead (Bob) of INC-1, or an administrator, may publish, schedule or cancel public updates and approve drafts.',
      );
    });

    it('changes a component, links it to the incident and records the change for uptime', async () => {
      const result = await sut.run('component INC-1 Public API major_outage', as(bob));
      expect(result.incident?.componentIds).toEqual(['public-api']);
      const [component] = await sut.components();
      expect(component).toMatchObject({ status: 'major_outage', updatedAt: clock.now() });
      expect(unitOfWork.state.componentChanges).toEqual([
        {
          componentId: 'public-api',
          oldStatus: 'operational',
          newStatus: 'major_outage',
          incidentRef: 'INC-1',
          at: clock.now(),
        },
      ]);
    });

    it('names the known components when given an unknown one', async () => {
      const error = await refusal('component INC-1 Billing major_outage', as(bob));
      expect(error.code).toBe(IncidentErrorCode.ComponentNotFound);
      expect(error.message).toBe('There is no component "Billing". Known components: Public API.');
    });

    it('refuses a duplicate component name', async () => {
      await expect(sut.createComponent({ name: 'public api' })).rejects.toMatchObject({
        code: IncidentErrorCode.Conflict,
      });
    });
  });

  describe('queries', () => {
    it('lists open incidents and hides closed ones', async () => {
      await sut.run('declare One', as(alice));
      await sut.run('declare Two', as(alice));
      await sut.run('lead INC-1', as(alice));
      await sut.run('resolve INC-1', as(alice));
      await sut.run('review INC-1 done', as(alice));
      await sut.run('close INC-1', as(alice));
      const result = await sut.run('list', as(alice));
      expect(result.message.text).toContain('INC-2');
      expect(result.message.text).not.toContain('INC-1');
    });

    it('links the incident channel of every platform in its headline', async () => {
      await sut.run('declare One', as(alice));
      await sut.attachSpace('INC-1', {
        platform: 'discord',
        channelId: '42',
        headlineMessageId: null,
        announcementMessageId: null,
        url: 'https://discord.com/channels/1/42',
      });
      const shown = await sut.run('show INC-1', as(alice));
      expect(shown.message.fields).toContainEqual({
        name: 'Links',
        value: 'discord: https://discord.com/channels/1/42',
      });
    });

    it('says in the announcement of a resolved incident why it is not closed yet', async () => {
      await sut.run('declare One', as(alice));
      const resolved = await sut.run('resolve INC-1', as(alice));
      expect(incidentAnnouncement(resolved.incident!, null)).toMatchObject({
        title: 'Resolved: INC-1',
        text: expect.stringContaining('Stays resolved until its post-incident review is done'),
      });
    });

    it('shows help for one command', async () => {
      const result = await sut.run('help sev', as(alice));
      expect(result.message.text).toBe(
        '`sev [INC-n] <critical|major|minor>` — Set the severity.\n' +
          'Who may: set the severity: the Incident Lead (while vacant: the reporter).',
      );
    });
  });
});
