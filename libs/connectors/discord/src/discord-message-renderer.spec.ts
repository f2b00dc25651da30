import { ButtonStyle, ComponentType, MessageFlags } from 'discord.js';
import {
  fastestRunMs,
  HEADLINE_BUTTONS,
  incidentHeadline,
  message,
  type Incident,
} from '@firebreak/incident';
import { describe, expect, it } from 'vitest';
import {
  buttonCustomId,
  parseButtonCustomId,
  renderDiscordMessage,
  toDiscordMarkdown,
} from './discord-message-renderer.js';

const incident: Incident = {
  ref: 'INC-3',
  number: 3,
  title: 'Checkout down',
  publicTitle: null,
  publicImpact: null,
  retrospective: false,
  private: false,
  invitees: [],
  summary: 'Payments fail with 502',
  impact: null,
  severity: 'critical',
  status: 'investigating',
  roles: {
    reporter: { id: 'discord:111', displayName: 'Alice' },
    lead: { id: 'teams:29:abc', displayName: 'Tom' },
  },
  componentIds: [],
  declaredAt: new Date('2026-01-01T00:00:00Z'),
  startedAt: new Date('2026-01-01T00:00:00Z'),
  updatedAt: new Date('2026-01-01T00:00:00Z'),
  acknowledgedAt: new Date('2026-01-01T00:00:00Z'),
  mitigatedAt: null,
  resolvedAt: null,
  closedAt: null,
  declaredIn: { platform: 'discord', channelId: '222' },
  spaces: [],
  version: 1,
};

describe('renderDiscordMessage', () => {
  it('renders a headline as one embed with title, colour by tone, fields, native mentions and names', () => {
    const body = renderDiscordMessage(incidentHeadline(incident, []));
    expect(body.embeds).toHaveLength(1);
    const [embed] = body.embeds;
    expect(embed).toMatchObject({
      title: 'INC-3: Checkout down',
      description: 'Payments fail with 502',
      color: 0xe74c3c,
    });
    expect(embed!.fields).toContainEqual({ name: 'Reporter', value: '<@111>', inline: true });
    expect(embed!.fields).toContainEqual({ name: 'Incident Lead', value: '**Tom** (Teams)', inline: true });
    expect(body.flags).toBeUndefined();
    expect(body.allowed_mentions).toEqual({ parse: [] });
  });

  it('turns the headline buttons into one row of buttons whose custom_id encodes the intent', () => {
    const body = renderDiscordMessage(incidentHeadline(incident, []));
    expect(body.components).toHaveLength(1);
    const row = body.components[0]!;
    expect(row.type).toBe(ComponentType.ActionRow);
    expect(row.components.map((button) => button.custom_id)).toEqual(
      HEADLINE_BUTTONS.map((button) => `fb:${button.command}:INC-3`),
    );
    expect(row.components[0]).toMatchObject({
      label: 'Take lead',
      style: ButtonStyle.Primary,
      type: ComponentType.Button,
    });
    expect(row.components[4]).toMatchObject({ label: 'Resolve', style: ButtonStyle.Success });
  });

  it('renders a private message as ephemeral', () => {
    expect(renderDiscordMessage(message('Only you see this', { visibility: 'private' })).flags).toBe(
      MessageFlags.Ephemeral,
    );
  });

  it('cuts text to Discord’s limits instead of failing the post', () => {
    const body = renderDiscordMessage(
      message('x'.repeat(5000), { title: 't'.repeat(300), fields: [{ name: 'n', value: 'v'.repeat(2000) }] }),
    );
    expect(body.embeds[0]!.description).toHaveLength(4096);
    expect(body.embeds[0]!.title).toHaveLength(256);
    expect(body.embeds[0]!.fields![0]!.value).toHaveLength(1024);
  });

  it('pings the mentioned Discord users of a reminder through content, and only them', () => {
    const body = renderDiscordMessage(
      message('<@discord:111>, <@teams:29:x> and <@discord:222>: time for an update (<@discord:111>)'),
      { ping: true },
    );
    expect(body.content).toBe('<@111> <@222>');
    expect(body.allowed_mentions).toEqual({ parse: [], users: ['111', '222'] });
    expect(renderDiscordMessage(message('<@discord:111>')).content).toBeUndefined();
  });

  it('adds no buttons to a message without an incident', () => {
    expect(renderDiscordMessage(message('hi', { buttons: HEADLINE_BUTTONS })).components).toEqual([]);
  });
});

describe('button custom ids', () => {
  it('round-trips the command and the incident reference', () => {
    expect(parseButtonCustomId(buttonCustomId('lead', 'INC-3'))).toEqual({ command: 'lead', ref: 'INC-3' });
  });

  it('rejects ids that are not Firebreak’s', () => {
    expect(parseButtonCustomId('ack:INC-2')).toBeNull();
    expect(parseButtonCustomId('fb:lead:nope')).toBeNull();
  });
});

describe('toDiscordMarkdown', () => {
  it('rewrites neutral Discord mentions only', () => {
    expect(toDiscordMarkdown('<@discord:1> and <@api:ops>')).toBe('<@1> and `api:ops`');
  });

  it('writes people from other platforms by name when it is known, since Discord cannot mention them', () => {
    expect(
      toDiscordMarkdown('<@teams:29:eli> took over from <@teams:29:ann>', { 'teams:29:eli': 'Eli *ops*' }),
    ).toBe('**Eli ops** (Teams) took over from `teams:29:ann`');
  });

  it('renders 40,000 characters of unfinished mentions in linear time', () => {
    const text = '<@discord:'.repeat(4_000);
    expect(fastestRunMs(() => toDiscordMarkdown(text), 50)).toBeLessThan(50);
    expect(toDiscordMarkdown(text)).toBe(text);
  });
});
