import { beforeEach, describe, expect, it } from 'vitest';
import { IncidentError, IncidentErrorCode } from '../errors.js';
import type { Participant } from '../model/participant.js';
import { PublicLinks } from '../model/public-links.js';
import { FixedClock } from '../testing/fixed-clock.js';
import { InMemoryUnitOfWork } from '../testing/in-memory-unit-of-work.js';
import type { CommandContext } from './command-context.js';
import { COMMAND_WORDS, helpText } from './command-help.js';
import { CommandSettings } from './command-settings.js';
import { IncidentService } from './incident-service.js';
import { PERMISSION_ACTIONS, PermissionPolicy, readPermissionSettings } from './permission-policy.js';

const dana: Participant = { id: 'discord:10', displayName: 'Dana Ólafsdóttir' };
const alice: Participant = { id: 'discord:11', displayName: 'Alice 🚒' };
const carol: Participant = { id: 'teams:29:carol', displayName: 'Carol' };
const eli: Participant = { id: 'teams:29:eli', displayName: 'Eli' };
const bob: Participant = { id: 'discord:12', displayName: 'Bob' };
const ops: Participant = { id: 'discord:99', displayName: 'On-call admin' };
const MENTIONED = Object.fromEntries(
  [dana, alice, carol, eli, bob].map((each) => [each.id, each.displayName]),
);

describe(PermissionPolicy.name, () => {
  let unitOfWork: InMemoryUnitOfWork;
  let clock: FixedClock;
  let sut: IncidentService;
  const as = (actor: Participant, privileged = false): CommandContext => ({
    actor,
    location: null,
    privileged,
    mentioned: MENTIONED,
  });
  const mention = (who: Participant) => `<@${who.id}>`;
  const incident = () => sut.getIncident('INC-1');

  async function refusal(text: string, actor: Participant): Promise<IncidentError> {
    const error = await sut.run(text, as(actor)).then(
      () => null,
      (caught: unknown) => caught,
    );
    if (error instanceof IncidentError && error.code === IncidentErrorCode.NotPermitted) return error;
    throw new Error(`"${text}" by ${actor.displayName} was not refused as not permitted: ${String(error)}`);
  }

  function build(settings = new CommandSettings(new PublicLinks('https://status.example.com'))): void {
    unitOfWork = new InMemoryUnitOfWork();
    clock = new FixedClock(new Date('2026-03-01T10:00:00.000Z'));
    sut = new IncidentService(unitOfWork, clock, settings);
  }

  /** Dana declares; Alice leads, Carol is communications lead, Eli is scribe; Bob only responds. */
  async function staffedIncident(): Promise<void> {
    await sut.run('declare Card payments fail at checkout', as(dana));
    await sut.run('public-title INC-1 Card payments are failing', as(dana));
    await sut.run('lead INC-1', as(alice));
    await sut.run(`comms INC-1 ${mention(carol)}`, as(alice));
    await sut.run(`scribe INC-1 ${mention(eli)}`, as(alice));
  }

  beforeEach(async () => {
    build();
    await staffedIncident();
  });

  describe('the lead sets the facts, the severity and the status, and closes', () => {
    it('refuses a responder downgrading a critical incident, naming who may', async () => {
      await sut.run('sev INC-1 critical', as(alice));
      const error = await refusal('sev INC-1 minor', bob);
      expect(error.message).toBe(
        'Only the Incident Lead (Alice 🚒) of INC-1, or an administrator, may set the severity.',
      );
      expect((await incident()).severity).toBe('critical');
      expect((await sut.run('sev INC-1 major', as(alice))).incident?.severity).toBe('major');
    });

    it.each([
      ['summary INC-1 The payment provider rejects our TLS certificate.', 'summary'],
      ['impact INC-1 About a third of card payments fail.', 'impact'],
      ['status INC-1 identified', 'status'],
      ['resolve INC-1', 'status'],
    ])('refuses `%s` from anyone but the lead', async (text) => {
      for (const other of [bob, carol, eli, dana]) await refusal(text, other);
      await sut.run(text, as(alice));
    });

    it('closes only for the lead, and reopens for anyone', async () => {
      await sut.run('resolve INC-1', as(alice));
      expect((await refusal('close INC-1 --override reviewed in the retro', eli)).message).toContain(
        'may close the incident',
      );
      expect((await sut.run('reopen INC-1', as(bob))).incident?.status).toBe('investigating');
      await sut.run('resolve INC-1', as(alice));
      await sut.run('close INC-1 --override reviewed in the retro', as(alice));
      expect((await incident()).status).toBe('closed');
    });

    it('lets the reporter act for the lead until someone takes it, and not after', async () => {
      build();
      await sut.run('declare Search is slow', as(dana));
      await sut.run('sev INC-1 critical', as(dana));
      const error = await refusal('sev INC-1 minor', bob);
      expect(error.message).toContain('the Incident Lead (vacant, so the reporter: Dana Ólafsdóttir)');
      await sut.run('lead INC-1', as(bob));
      await refusal('sev INC-1 minor', dana);
      expect((await sut.run('sev INC-1 minor', as(bob))).incident?.severity).toBe('minor');
    });
  });

  describe('the communications lead owns what customers read', () => {
    const update = 'update INC-1 Card payments are failing for some customers; a fix is rolling out.';

    it('publishes and schedules for the communications lead only, the lead proposing a draft instead', async () => {
      await refusal(update, alice);
      await refusal(`update INC-1 --in 30m Next update soon.`, alice);
      await sut.run('update INC-1 --draft Card payments are recovering.', as(alice));
      await refusal('approve 1', alice);
      await sut.run('approve 1', as(carol));
      await sut.run(update, as(carol));
      expect(unitOfWork.state.updates.map((each) => each.author.id)).toEqual([carol.id, carol.id]);
    });

    it('lets the lead publish while nobody is communications lead', async () => {
      await sut.run('unassign INC-1 comms', as(alice));
      await sut.run(update, as(alice));
      await refusal(update, eli);
    });

    it('changes public component status for the communications lead, and outside an incident for administrators only', async () => {
      await sut.createComponent({ name: 'Card payments' });
      await refusal('component INC-1 Card payments partial_outage', alice);
      await sut.run('component INC-1 Card payments partial_outage', as(carol));
      expect((await refusal('component Card payments operational', carol)).message).toBe(
        'Only an administrator may change the public status of components outside an incident: name the incident, or run the command in its channel.',
      );
      await sut.run('component Card payments operational', as(ops, true));
    });

    it('publishes the write-up for the lead or the communications lead', async () => {
      await sut.run('resolve INC-1', as(alice));
      await refusal('publish INC-1', eli);
      await sut.run('publish INC-1', as(carol));
      expect((await sut.run('publish INC-1 confirm', as(carol))).message.text).toBe(
        'Published: https://status.example.com/blog/inc-1-card-payments-are-failing',
      );
    });
  });

  describe('owners close their follow-ups', () => {
    beforeEach(async () => {
      await sut.run(`followup INC-1 Alert on certificate expiry ${mention(eli)} due 2026-03-20`, as(bob));
      await sut.run('followup INC-1 Document the certificate rotation', as(bob));
      await sut.run('action INC-1 Rolled back the gateway deploy', as(eli));
    });

    it('refuses someone else marking a follow-up done, naming its owner', async () => {
      const error = await refusal('done 1', bob);
      expect(error.message).toBe(
        'Only its owner (Eli) or the Incident Lead (Alice 🚒) of INC-1, or an administrator, may mark a follow-up done.',
      );
      await refusal('done 1', carol);
      await sut.run('done 1', as(eli));
      expect((await sut.actionItems('INC-1')).find((item) => item.id === 1)?.state).toBe('done');
    });

    it('counts whoever added a follow-up nobody owns as its owner, and lets the lead close any', async () => {
      await refusal('done 2', eli);
      await sut.run('done 2', as(bob));
      await sut.run(`followup INC-1 Rotate the staging certificate too ${mention(dana)}`, as(bob));
      await sut.run('done 4', as(alice));
    });

    it('lets the owner, the lead or the scribe mark an action done', async () => {
      await refusal('done 3', bob);
      await sut.run('done 3', as(eli));
    });
  });

  describe('the lead schedules the review meeting', () => {
    beforeEach(async () => {
      await sut.run('resolve INC-1', as(alice));
      await sut.run('review INC-1 schedule 2026-03-04 15:00 Europe/London', as(alice));
    });

    it('refuses anyone else rescheduling it, the scribe included', async () => {
      for (const other of [bob, eli, carol, dana]) {
        const error = await refusal('review INC-1 schedule 2026-03-05 09:00', other);
        expect(error.message).toContain('may schedule the review meeting');
      }
      const review = unitOfWork.state.reviews.get('INC-1');
      expect(review?.meetingAt?.toISOString()).toBe('2026-03-04T15:00:00.000Z');
    });

    it('lets the lead and the scribe edit it, and only the lead mark it done', async () => {
      await sut.run('review INC-1 rca The certificate was renewed by hand and expired.', as(eli));
      await refusal('review INC-1 rca Something else', bob);
      await refusal('review INC-1 done', eli);
      await sut.run('review INC-1 done', as(alice));
    });
  });

  describe('a role someone holds moves with their consent, or on the lead’s confirmed word', () => {
    it('lets anyone take or assign a role nobody holds', async () => {
      build();
      await sut.run('declare Search is slow', as(dana));
      await sut.run('lead INC-1', as(bob));
      await sut.run(`scribe INC-1 ${mention(eli)}`, as(dana));
      expect((await incident()).roles).toMatchObject({ lead: { id: bob.id }, scribe: { id: eli.id } });
    });

    it('answers "Take lead" pressed by a responder with a request to the lead, and changes nothing', async () => {
      const answer = await sut.run('lead INC-1', as(bob));
      expect(answer.message).toMatchObject({
        text: `${mention(alice)}, ${mention(bob)} asks to take over as Incident Lead of INC-1. Hand it over?`,
        visibility: 'public',
        buttons: [
          {
            label: 'Hand over to Bob',
            intent: { kind: 'hand_over_role', role: 'lead', to: bob, confirm: false },
          },
        ],
      });
      expect((await incident()).roles.lead?.id).toBe(alice.id);
      expect(await sut.run('lead INC-1 --confirm', as(bob))).toMatchObject({
        message: { text: expect.stringContaining('Hand it over?') },
      });
      expect((await incident()).roles.lead?.id).toBe(alice.id);
    });

    it('transfers at once when the holder hands the role over', async () => {
      const answer = await sut.run(`lead INC-1 ${mention(bob)}`, as(alice));
      expect(answer.message.text).toBe(
        `Incident Lead transferred from ${mention(alice)} to ${mention(bob)}.`,
      );
      expect((await incident()).roles.lead).toEqual(bob);
    });

    it('asks the lead to confirm before replacing someone, and transfers on --confirm', async () => {
      const question = await sut.run(`scribe INC-1 ${mention(bob)}`, as(alice));
      expect(question.message).toMatchObject({
        text: `${mention(eli)} is Scribe of INC-1. Transfer it from ${mention(eli)} to ${mention(bob)}?`,
        visibility: 'private',
        buttons: [
          {
            label: 'Transfer to Bob',
            intent: { kind: 'hand_over_role', role: 'scribe', to: bob, confirm: true },
          },
        ],
      });
      expect((await incident()).roles.scribe?.id).toBe(eli.id);
      await sut.run(`scribe INC-1 ${mention(bob)} --confirm`, as(alice));
      expect((await incident()).roles.scribe?.id).toBe(bob.id);
    });

    it('asks an administrator to confirm too: a card button never silently takes the lead', async () => {
      const question = await sut.run('lead INC-1', as(ops, true));
      expect(question.message.buttons).toEqual([
        {
          label: 'Take over',
          intent: { kind: 'hand_over_role', role: 'lead', to: null, confirm: true },
          style: 'danger',
        },
      ]);
      expect((await incident()).roles.lead?.id).toBe(alice.id);
      await sut.run('lead INC-1 --confirm', as(ops, true));
      expect((await incident()).roles.lead?.id).toBe(ops.id);
    });

    it('unassigns a role for its holder or the lead only', async () => {
      await refusal('unassign INC-1 scribe', bob);
      await sut.run('unassign INC-1 comms', as(carol));
      await sut.run('unassign INC-1 scribe', as(alice));
      expect((await incident()).roles).not.toHaveProperty('scribe');
    });
  });

  it('lets administrators do everything', async () => {
    const admin = as(ops, true);
    await sut.run('sev INC-1 minor', admin);
    await sut.run('update INC-1 We are investigating failed card payments.', admin);
    await sut.run('snooze INC-1 30m', admin);
    await sut.run('resolve INC-1', admin);
    await sut.run('review INC-1 schedule in 2d', admin);
    expect((await incident()).status).toBe('resolved');
  });

  describe('configuration', () => {
    it('lets an operator loosen a rule, never tighten one', async () => {
      const { policy, problems } = readPermissionSettings(
        ' severity:anyone , followup_done:anyone,close:scribe+comms ',
      );
      expect(problems).toEqual([]);
      build(new CommandSettings(new PublicLinks('https://status.example.com'), policy));
      await staffedIncident();
      await sut.run('sev INC-1 critical', as(bob));
      await sut.run(`followup INC-1 Alert on expiry ${mention(eli)}`, as(alice));
      await sut.run('done 1', as(bob));
      expect(policy.whoMay('close')).toEqual(['lead', 'scribe', 'comms']);
      await refusal('summary INC-1 Still the lead’s', bob);
    });

    it('names every entry it cannot read, and why', () => {
      const { problems } = readPermissionSettings('severity,sevrity:anyone,close:everyone,severity:owner,');
      expect(problems).toEqual([
        '"severity" is not action:who (e.g. severity:anyone)',
        `"sevrity" is not an action; the actions are ${PERMISSION_ACTIONS.join(', ')}`,
        '"everyone" (for close) is not one of anyone, lead, comms, scribe, reporter, owner, holder',
        '"owner" applies only to action_done, followup_done, not to severity',
      ]);
    });

    it('shows every rule in the help of a command that answers to it', () => {
      const helps = COMMAND_WORDS.map((word) => helpText(word));
      for (const action of PERMISSION_ACTIONS)
        expect(helps.some((help) => help.includes(PermissionPolicy.standard.describe(action)))).toBe(true);
    });

    it('is shown by `help permissions` and in each command’s help, as configured', async () => {
      const standard = await sut.run('help permissions', as(bob));
      expect(standard.message.text).toContain(
        '`severity` — set the severity: the Incident Lead (while vacant: the reporter)',
      );
      expect(standard.message.text).toContain(
        '`followup_done` — mark a follow-up done: its owner (or creator), the Incident Lead',
      );
      build(
        new CommandSettings(
          new PublicLinks('https://status.example.com'),
          readPermissionSettings('severity:anyone').policy,
        ),
      );
      expect((await sut.run('help sev', as(bob))).message.text).toContain(
        'Who may: set the severity: the Incident Lead (while vacant: the reporter), anyone.',
      );
    });
  });
});
