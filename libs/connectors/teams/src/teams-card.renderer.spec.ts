import { describe, expect, it } from 'vitest';
import {
  type Incident,
  incidentHeadline,
  message,
  notifying,
  type Participant,
  REMINDER_KINDS,
  reminderMessage,
} from '@firebreak/incident';
import { fastestRunMs } from '@firebreak/incident/testing';
import {
  ADAPTIVE_CARD_CONTENT_TYPE,
  TeamsCardRenderer,
  type CardActionData,
  markdownOf,
  namesIn,
  typedTextOf,
  withNames,
} from './teams-card.renderer.js';

const incident: Incident = {
  ref: 'INC-7',
  number: 7,
  title: 'DB is down',
  publicTitle: null,
  publicImpact: null,
  retrospective: false,
  private: false,
  invitees: [],
  summary: 'Primary unreachable',
  impact: null,
  severity: 'critical',
  status: 'investigating',
  roles: {
    reporter: { id: 'teams:megan', displayName: 'Megan Bowen' },
    lead: { id: 'teams:alice', displayName: 'Alice Smith' },
  },
  componentIds: [],
  declaredAt: new Date('2026-01-01T00:00:00Z'),
  startedAt: new Date('2026-01-01T00:00:00Z'),
  updatedAt: new Date('2026-01-01T00:00:00Z'),
  acknowledgedAt: new Date('2026-01-01T00:00:00Z'),
  mitigatedAt: null,
  resolvedAt: null,
  closedAt: null,
  declaredIn: { platform: 'teams', channelId: '19:abc@thread.tacv2' },
  spaces: [],
  version: 1,
};

describe(TeamsCardRenderer.name, () => {
  const sut = new TeamsCardRenderer();

  it('says a card’s content once: no markdown text above the card, whose title is the preview', () => {
    const rendered = sut.render(
      message('Unknown command "restart". Commands: declare, list, show.', { title: 'Unknown command' }),
    );
    expect(rendered).toEqual({
      type: 'message',
      summary: 'Unknown command',
      attachments: [expect.objectContaining({ contentType: ADAPTIVE_CARD_CONTENT_TYPE })],
    });
    expect(JSON.stringify(rendered).split('Commands:')).toHaveLength(2);
  });

  it('renders a plain answer as markdown text without a card', () => {
    expect(sut.render(message('Done.'))).toEqual({ type: 'message', text: 'Done.', textFormat: 'markdown' });
  });

  it('renders the headline as an Adaptive Card 1.5 with facts and Action.Execute buttons carrying the intent', () => {
    const rendered = sut.render(incidentHeadline(incident, []), namesIn(incident));
    const card = rendered.attachments![0]!;
    expect(card.contentType).toBe(ADAPTIVE_CARD_CONTENT_TYPE);
    expect(card.content.version).toBe('1.5');
    expect(card.content.body[0]).toMatchObject({
      type: 'TextBlock',
      text: 'INC-7: DB is down',
      color: 'Attention',
    });
    const facts = card.content.body.find((block) => block['type'] === 'FactSet') as {
      facts: Array<{ title: string; value: string }>;
    };
    expect(facts.facts).toContainEqual({ title: 'Incident Lead', value: '**Alice Smith**' });
    expect(card.content.actions[0]).toMatchObject({
      type: 'Action.Execute',
      title: 'Take lead',
      verb: 'take_role',
      data: { button: 'fb:take_role:INC-7:lead' },
    });
  });

  it('opens an inline form for buttons that need text, submitting with the same verb', () => {
    const card = sut.card(incidentHeadline(incident, []));
    const update = card.actions.find((action) => action['title'] === 'Post update')!;
    expect(update['type']).toBe('Action.ShowCard');
    expect(JSON.stringify(update)).toContain('"verb":"post_update"');
    expect(JSON.stringify(update)).toContain('"button":"fb:post_update:INC-7"');
    expect(JSON.stringify(update)).toContain('"Input.Text"');
  });

  it('names each inline form its own input, and its Send action says which one holds the text', () => {
    const card = sut.card(
      reminderMessage(incident, REMINDER_KINDS, null, new Date('2026-01-01T01:00:00Z')).message,
    );
    const forms = JSON.stringify(card).match(/"id":"text-\d+"/g) ?? [];
    expect(forms.length).toBe(3);
    expect(new Set(forms).size).toBe(forms.length);
    const post = card.actions.find((action) => action['title'] === 'Post update') as {
      card: { actions: [{ data: CardActionData }] };
    };
    const send = post.card.actions[0].data;
    expect(typedTextOf({ ...send, [send.textInput!]: 'Replica promoted.' })).toBe('Replica promoted.');
    expect(typedTextOf({ intent: 'update', text: 'From a card posted before.' })).toBe(
      'From a card posted before.',
    );
  });

  it('shows at most five actions in a row and puts the rest under More', () => {
    const buttons = ['One', 'Two', 'Three', 'Four', 'Five', 'Six', 'Seven'].map((label) => ({
      label,
      intent: { kind: 'resolve' } as const,
      style: 'secondary' as const,
    }));
    const card = sut.card(message('Pick one', { title: 'Many choices', buttons, incidentRef: 'INC-7' }));
    expect(card.actions.map((action) => action['title'])).toEqual(['One', 'Two', 'Three', 'Four', 'More…']);
    const more = card.actions[4] as { card: { actions: Array<{ title: string }> } };
    expect(more.card.actions.map((action) => action.title)).toEqual(['Five', 'Six', 'Seven']);
  });

  it('writes a markdown fallback with the title, text and fields, names and component names in place of ids', () => {
    const text = markdownOf(
      incidentHeadline({ ...incident, componentIds: ['use-an-lpa'] }, [
        { id: 'use-an-lpa', name: 'Use an LPA' },
      ]),
    );
    expect(text).toContain('**INC-7: DB is down**');
    expect(text).toContain('Reporter: **Megan Bowen**');
    expect(text).toContain('Incident Lead: **Alice Smith**');
    expect(text).toContain('Components: Use an LPA');
    expect(text).not.toMatch(/teams:|use-an-lpa/);
  });

  it('writes names into 40,000 characters of unfinished mentions in linear time', () => {
    const text = '<@teams:<@api:'.repeat(3_000);
    expect(fastestRunMs(() => withNames(text, namesIn(incident)), 50)).toBeLessThan(50);
    expect(withNames(text, {})).toBe(text);
  });

  it('mentions the Teams people a message is meant to reach, in its text and its card, with their ids', () => {
    const omar: Participant = {
      id: 'teams:aaaa0001-0000-4000-8000-000000000001',
      displayName: 'Omar Ñúñez 🚒',
    };
    const rendered = sut.render(
      message('<@teams:aaaa0001-0000-4000-8000-000000000001> is now Incident Lead.', {
        title: 'Roles',
        ...notifying([omar]),
      }),
    );
    const mention = {
      type: 'mention',
      text: '<at>Omar Ñúñez 🚒</at>',
      mentioned: { id: 'aaaa0001-0000-4000-8000-000000000001', name: 'Omar Ñúñez 🚒' },
    };
    // A card says it all: no text above it (Teams would show both), the title as the notification preview.
    expect(rendered.text).toBeUndefined();
    expect(rendered.entities).toBeUndefined();
    expect(rendered.summary).toBe('Roles');
    const card = rendered.attachments![0]!.content;
    expect(card.body[1]).toMatchObject({ text: '<at>Omar Ñúñez 🚒</at> is now Incident Lead.' });
    expect(card.msteams).toEqual({ width: 'Full', entities: [mention] });
  });

  it('mentions each person once however often the text names them, and only those it notifies', () => {
    const rendered = sut.render(
      message('<@teams:megan>, <@teams:alice> asks <@teams:megan> to hand over.', {
        ...notifying([incident.roles.reporter], [incident.roles.lead]),
      }),
    );
    expect(rendered.text).toBe(
      '<at>Megan Bowen</at>, **Alice Smith** asks <at>Megan Bowen</at> to hand over.',
    );
    expect(rendered.entities).toEqual([
      { type: 'mention', text: '<at>Megan Bowen</at>', mentioned: { id: 'megan', name: 'Megan Bowen' } },
    ]);
  });

  it('names people from other platforms in bold, and by platform when their name is unknown', () => {
    const rendered = sut.render(
      message('<@discord:111> and <@discord:222> asked <@api:ops>', {
        ...notifying([
          { id: 'discord:111', displayName: 'Zoë' },
          { id: 'api:ops', displayName: 'API (ops)' },
        ]),
      }),
    );
    expect(rendered.text).toBe('**Zoë** and a Discord user asked **API (ops)**');
    expect(rendered.entities).toBeUndefined();
  });

  it('keeps a name from closing the at-tag or starting markdown', () => {
    const zoe: Participant = { id: 'teams:z', displayName: '**Zoë** <at>x</at> 🚒 [site](https://x.test)' };
    const rendered = sut.render(
      message('<@teams:z> and <@teams:y>', {
        ...notifying([zoe], [{ id: 'teams:y', displayName: '_Yann_ `</at>`' }]),
      }),
    );
    expect(rendered.text).toBe('<at>Zoë atx/at 🚒 site(https://x.test)</at> and **Yann /at**');
    expect(rendered.entities).toEqual([
      {
        type: 'mention',
        text: '<at>Zoë atx/at 🚒 site(https://x.test)</at>',
        mentioned: { id: 'z', name: 'Zoë atx/at 🚒 site(https://x.test)' },
      },
    ]);
  });

  it('reads messages stored before they said whom to notify as notifying nobody', () => {
    const { notify: _notify, ...stored } = message(
      '<@teams:megan> is now Scribe.',
      notifying([incident.roles.reporter]),
    );
    expect(sut.render(stored)).toEqual({
      type: 'message',
      text: '**Megan Bowen** is now Scribe.',
      textFormat: 'markdown',
    });
  });

  it('drops the buttons once the incident is resolved', () => {
    const card = sut.card(incidentHeadline({ ...incident, status: 'resolved' }, []));
    expect(card.actions).toEqual([]);
  });
});
