import { beforeEach, describe, expect, it } from 'vitest';
import {
  BUTTON_KINDS,
  CommandSettings,
  DEFAULT_COMMAND_SETTINGS,
  chatReplyForError,
  IncidentService,
  publicUpdateEcho,
  ReminderService,
  WORKSPACE_SETUP_REFUSAL,
  type ButtonKind,
} from '@firebreak/incident';
import { FixedClock, InMemoryUnitOfWork, RecordingRetryBackoff } from '@firebreak/incident/testing';
import { decodeButton } from '../button-data.js';
import {
  LoopbackConnector,
  render,
  type LoopbackButton,
  type LoopbackMessage,
  type LoopbackUser,
} from './loopback-connector.js';

const zoe: LoopbackUser = { id: 'zoe', name: 'Zoë Çelik', administrator: true };
const bob: LoopbackUser = { id: 'bob', name: 'Bob Ñúñez' };
const eli: LoopbackUser = { id: 'eli', name: 'Eli 🚒' };

describe(LoopbackConnector.name, () => {
  let unitOfWork: InMemoryUnitOfWork;
  let clock: FixedClock;
  let incidents: IncidentService;
  let sut: LoopbackConnector;
  let delivered: number;

  /** Hands every new outbox event to the connector, as the relay would. */
  async function deliver(): Promise<void> {
    for (const event of unitOfWork.events.slice(delivered)) await sut.handle(event);
    delivered = unitOfWork.events.length;
  }

  const button = (message: LoopbackMessage, label: string): LoopbackButton => {
    const found = message.buttons.find((each) => each.label === label);
    if (!found) throw new Error(`no "${label}" button on "${message.title}": ${message.text}`);
    return found;
  };

  /** Declares INC-1 from the form and names it for customers, so updates and write-ups may be published. */
  async function declared(): Promise<LoopbackMessage> {
    await sut.submitDeclareForm(zoe, {
      title: 'Paiements refusés 🔥 à São Paulo',
      summary: 'Le checkout répond 502 pour les cartes brésiliennes depuis 10:42.',
      severity: 'critical',
    });
    await deliver();
    const headline = sut.posts.at(-1)!;
    await sut.say(zoe, 'public-title INC-1 Paiements par carte au Brésil');
    await deliver();
    return headline;
  }

  const incident = () => incidents.getIncident('INC-1');

  beforeEach(() => {
    unitOfWork = new InMemoryUnitOfWork();
    clock = new FixedClock(new Date('2026-03-01T10:00:00.000Z'));
    incidents = new IncidentService(unitOfWork, clock);
    sut = new LoopbackConnector(incidents);
    delivered = 0;
  });

  describe('the declare form', () => {
    it('offers the shared form and declares from it, posting the headline with its buttons', async () => {
      expect(sut.declareForm().fields.map((field) => field.id)).toEqual([
        'title',
        'summary',
        'severity',
        'impact',
        'past',
      ]);
      const headline = await declared();
      expect(headline.title).toBe('INC-1: Paiements refusés 🔥 à São Paulo');
      expect(headline.buttons.map((each) => each.label)).toEqual([
        'Take lead',
        'Take scribe',
        'Take comms',
        'Post update',
        'Resolve',
        'Page lead',
        'Start call',
      ]);
      expect(await incident()).toMatchObject({
        severity: 'critical',
        roles: { reporter: { id: 'api:zoe' } },
      });
    });

    it('refuses a form without a title with the shared reply, declaring nothing', async () => {
      const reply = await sut.submitDeclareForm(bob, { summary: 'Search is slow' });
      expect(reply).toMatchObject({ title: 'Check the command', private: true });
      expect(reply.text).toBe('An incident needs a title: say what happened.');
      expect(await incidents.listIncidents({})).toEqual([]);
    });
  });

  describe('error replies', () => {
    it('shows every refusal exactly as the domain maps it', async () => {
      const refused = await sut.say(bob, 'resolve INC-42');
      const expected = chatReplyForError(
        await incidents
          .run('resolve INC-42', { actor: { id: 'api:bob', displayName: 'Bob' }, location: null })
          .then(
            () => null,
            (error: unknown) => error,
          ),
        () => 'unused',
      );
      expect(refused).toEqual(render(expected.reply));
      expect(sut.failures).toEqual([]);
    });

    it('answers a forged button with the one clear refusal', async () => {
      await declared();
      const reply = await sut.press(bob, { data: 'fb:take_role:INC-1:reporter' });
      expect(reply).toMatchObject({ title: 'Check the command', private: true });
      expect(reply.text).toContain('not one of Firebreak’s');
      expect((await incident()).roles.reporter?.id).toBe('api:zoe');
    });
  });

  describe('setup', () => {
    it('lets only an administrator choose the incidents channel', async () => {
      const refused = await sut.setup(bob, 'incidents');
      expect(refused).toMatchObject({ title: 'Not permitted', text: WORKSPACE_SETUP_REFUSAL, private: true });
      expect(sut.incidentsChannel).toBeNull();
      const done = await sut.setup(zoe, 'incidents');
      expect(done.title).toBe('Firebreak is set up');
      expect(sut.incidentsChannel).toBe('incidents');
    });
  });

  describe('echoes and refused posts', () => {
    it('echoes a published update as the domain writes it', async () => {
      await declared();
      const body =
        'Nous avons identifié un certificat expiré sur la passerelle de paiement de São Paulo; le ' +
        'renouvellement est en cours et les paiements reprennent progressivement. Next update at 11:45';
      await sut.say(zoe, `update INC-1 ${body}`);
      await deliver();
      expect(sut.posts.at(-1)).toEqual(render(publicUpdateEcho('INC-1', body, 'https://status.example.com')));
    });

    it('skips a post the platform refuses for good, and leaves an outage to the retries', async () => {
      sut.refuseWith = 404;
      await declared();
      expect(sut.posts).toEqual([]);
      expect(sut.skipped).toEqual([expect.stringContaining('incident.declared of INC-1')]);
      sut.refuseWith = 503;
      await sut.say(zoe, 'update INC-1 Failing over to the replica in Frankfurt.');
      const [published] = unitOfWork.events.filter((event) => event.type === 'status_update.published');
      await expect(sut.handle(published!)).rejects.toThrow('503');
    });
  });

  describe('buttons', () => {
    /**
     * One press per kind of button, each from a message that offers it, checking it did what its label says.
     * The record is keyed by kind: a new kind of button does not compile until it is pressed here.
     */
    const PRESSES: Record<ButtonKind, () => Promise<void>> = {
      take_role: async () => {
        const headline = await declared();
        await sut.press(bob, button(headline, 'Take scribe'));
        expect((await incident()).roles.scribe?.id).toBe('api:bob');
      },
      hand_over_role: async () => {
        const headline = await declared();
        await sut.press(zoe, button(headline, 'Take lead'));
        const asked = await sut.press(bob, button(headline, 'Take lead'));
        expect(asked.text).toContain('asks to take over as Incident Lead');
        expect((await incident()).roles.lead?.id).toBe('api:zoe');
        await sut.press(zoe, button(asked, 'Hand over to Bob Ñúñez'));
        expect((await incident()).roles.lead?.id).toBe('api:bob');
      },
      post_update: async () => {
        const headline = await declared();
        const text = 'Card payments in Brazil fail with 502; we are failing over. Next update at 11:45';
        await sut.press(zoe, button(headline, 'Post update'), text);
        expect((await incidents.statusUpdates('INC-1')).map((each) => each.body)).toEqual([text]);
      },
      write_summary: async () => {
        await reminder();
        await sut.press(zoe, button(sut.posts.at(-1)!, 'Write summary'), 'The TLS certificate expired.');
        expect((await incident()).summary).toBe('The TLS certificate expired.');
      },
      describe_impact: async () => {
        await reminder();
        await sut.press(zoe, button(sut.posts.at(-1)!, 'Describe impact'), 'Brazilian card holders.');
        expect((await incident()).impact).toBe('Brazilian card holders.');
      },
      resolve: async () => {
        const headline = await declared();
        await sut.press(zoe, button(headline, 'Take lead'));
        await sut.press(zoe, button(headline, 'Resolve'));
        expect((await incident()).status).toBe('resolved');
      },
      snooze: async () => {
        await reminder();
        const reply = await sut.press(zoe, button(sut.posts.at(-1)!, 'Snooze 30m'));
        expect(reply.text).toBe('Reminders for INC-1 are snoozed until 2026-03-01 12:30 UTC.');
      },
      cancel_scheduled_update: async () => {
        await declared();
        const scheduled = await sut.say(zoe, 'update INC-1 --in 30m Failover done, monitoring error rates.');
        const reply = await sut.press(zoe, button(scheduled, 'Cancel it'));
        expect(reply.tone).toBe('success');
        expect(reply.text).toContain('#1');
        expect(await sut.say(zoe, 'updates INC-1')).not.toMatchObject({
          text: expect.stringContaining('Failover done'),
        });
      },
      approve_draft: async () => {
        const headline = await declared();
        await sut.press(zoe, button(headline, 'Take comms'));
        await sut.press(eli, button(headline, 'Take scribe'));
        const draft = await sut.say(
          eli,
          'update INC-1 --draft Payments recover as the certificate is renewed.',
        );
        await sut.press(zoe, button(draft, 'Approve and publish'));
        expect((await incidents.statusUpdates('INC-1')).map((each) => each.body)).toEqual([
          'Payments recover as the certificate is renewed.',
        ]);
      },
      components_operational: async () => {
        await incidents.createComponent({ name: 'Paiements' });
        const headline = await declared();
        await sut.press(zoe, button(headline, 'Take lead'));
        await sut.say(zoe, 'component INC-1 Paiements major_outage');
        const resolved = await sut.press(zoe, button(headline, 'Resolve'));
        await sut.press(zoe, button(resolved, 'Set components operational'));
        expect((await incidents.components())[0]?.status).toBe('operational');
      },
      publish_write_up: async () => {
        const headline = await declared();
        await sut.press(zoe, button(headline, 'Take lead'));
        await sut.press(zoe, button(headline, 'Resolve'));
        const preview = await sut.say(zoe, 'publish INC-1');
        const published = await sut.press(zoe, button(preview, 'Publish'));
        expect(published.text).toContain('Published: ');
        expect(unitOfWork.events.some((event) => event.type === 'write_up.published')).toBe(true);
      },
      page_lead: async () => {
        engage();
        const headline = await declared();
        const paged = await sut.press(bob, button(headline, 'Page lead'));
        expect(paged.text).toBe('Paged the on-call lead of INC-1 through the pager webhook.');
        expect((await incident()).pages?.map((page) => page.pager)).toEqual(['webhook']);
      },
      start_call: async () => {
        engage();
        const headline = await declared();
        const call = await sut.press(bob, button(headline, 'Start call'));
        expect(call.text).toBe('Call for INC-1: https://meet.jit.si/firebreak-INC-1');
      },
    };

    /** Paging and calls configured: a pager webhook and a call link. */
    function engage(): void {
      incidents = new IncidentService(
        unitOfWork,
        clock,
        new CommandSettings(DEFAULT_COMMAND_SETTINGS.links, undefined, {
          paging: { pagerDuty: null, webhook: true },
          calls: { platforms: [], urlTemplate: 'https://meet.jit.si/firebreak-{ref}' },
        }),
      );
      sut = new LoopbackConnector(incidents);
    }

    /** An incident two hours in with no lead, summary, impact or update: a reminder with every button. */
    async function reminder(): Promise<void> {
      await sut.submitDeclareForm(zoe, { title: 'Checkout latency', severity: 'critical' });
      clock.set(new Date('2026-03-01T12:00:00.000Z'));
      await new ReminderService(unitOfWork, clock, new RecordingRetryBackoff()).remindDue();
      await deliver();
      expect(sut.posts.at(-1)?.title).toBe('Reminder: INC-1');
    }

    it.each(BUTTON_KINDS.map((kind) => [kind]))('does what a "%s" button says when pressed', async (kind) => {
      await PRESSES[kind]();
    });

    it('sends back data that decodes to the kind it was rendered from, for every button it showed', async () => {
      const headline = await declared();
      expect(headline.buttons.map((each) => decodeButton(each.data).intent.kind)).toEqual([
        'take_role',
        'take_role',
        'take_role',
        'post_update',
        'resolve',
        'page_lead',
        'start_call',
      ]);
      expect(headline.buttons.filter((each) => each.asksForText).map((each) => each.label)).toEqual([
        'Post update',
      ]);
    });
  });

  it('refuses bad input without an error id: nothing it is given is a failure of its own', async () => {
    await sut.say(bob, 'sev INC-1 apocalyptic');
    await sut.press(bob, { data: 'nonsense' });
    await sut.submitDeclareForm(bob, { title: 42 });
    expect(sut.failures).toEqual([]);
  });
});
