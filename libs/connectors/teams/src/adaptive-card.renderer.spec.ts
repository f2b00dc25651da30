import { describe, expect, it } from 'vitest';
import {
  fastestRunMs,
  type Incident,
  incidentHeadline,
  message,
  REMINDER_KINDS,
  reminderMessage,
} from '@firebreak/incident';
import {
  ADAPTIVE_CARD_CONTENT_TYPE,
  AdaptiveCardRenderer,
  type CardActionData,
  markdownOf,
  namesIn,
  typedTextOf,
  withNames,
} from './adaptive-card.renderer.js';

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

describe(AdaptiveCardRenderer.name, () => {
  const sut = new AdaptiveCardRenderer();

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
      verb: 'lead',
      data: { intent: 'lead', ref: 'INC-7' },
    });
  });

  it('opens an inline form for buttons that need text, submitting with the same verb', () => {
    const card = sut.card(incidentHeadline(incident, []));
    const update = card.actions.find((action) => action['title'] === 'Post update')!;
    expect(update['type']).toBe('Action.ShowCard');
    expect(JSON.stringify(update)).toContain('"verb":"update"');
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
      command: label.toLowerCase(),
      style: 'secondary' as const,
    }));
    const card = sut.card(message('Pick one', { title: 'Many choices', buttons }));
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

  it('drops the buttons once the incident is resolved', () => {
    const card = sut.card(incidentHeadline({ ...incident, status: 'resolved' }, []));
    expect(card.actions).toEqual([]);
  });
});
