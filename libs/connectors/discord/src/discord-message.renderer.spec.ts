import { ButtonStyle, ComponentType, MessageFlags } from 'discord.js';
import {
  HEADLINE_BUTTONS,
  incidentHeadline,
  message,
  notifying,
  type Incident,
  type Participant,
} from '@firebreak/incident';
import { fastestRunMs } from '@firebreak/incident/testing';
import { describe, expect, it } from 'vitest';
import { DiscordMessageRenderer, toDiscordMarkdown } from './discord-message.renderer.js';

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

const omar: Participant = { id: 'discord:111', displayName: 'Omar Ñúñez' };
const eli: Participant = { id: 'teams:29:x', displayName: 'Eli 🚒' };

describe(DiscordMessageRenderer.name, () => {
  const renderer = new DiscordMessageRenderer();
  it('renders a headline as one embed with title, colour by tone, fields, native mentions and names', () => {
    const body = renderer.render(incidentHeadline(incident, []));
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

  it('turns the headline buttons into rows of five buttons whose custom_id encodes the intent', () => {
    const body = renderer.render(incidentHeadline(incident, []));
    expect(body.components.map((each) => each.components.length)).toEqual([5, 2]);
    const row = body.components[0]!;
    expect(row.type).toBe(ComponentType.ActionRow);
    expect(body.components.flatMap((each) => each.components.map((button) => button.custom_id))).toEqual([
      'fb:take_role:INC-3:lead',
      'fb:take_role:INC-3:scribe',
      'fb:take_role:INC-3:comms',
      'fb:post_update:INC-3',
      'fb:resolve:INC-3',
      'fb:page_lead:INC-3',
      'fb:start_call:INC-3',
    ]);
    expect(row.components[0]).toMatchObject({
      label: 'Take lead',
      style: ButtonStyle.Primary,
      type: ComponentType.Button,
    });
    expect(row.components[4]).toMatchObject({ label: 'Resolve', style: ButtonStyle.Success });
  });

  it('says a titled answer once, in its embed, with no content above it', () => {
    const body = renderer.render(
      message('Unknown command "restart". Commands: declare, list, show.', { title: 'Unknown command' }),
    );
    expect(body.content).toBeUndefined();
    expect(JSON.stringify(body).split('Commands:')).toHaveLength(2);
  });

  it('renders a private message as ephemeral', () => {
    expect(renderer.render(message('Only you see this', { visibility: 'private' })).flags).toBe(
      MessageFlags.Ephemeral,
    );
  });

  it('cuts text to Discord’s limits instead of failing the post', () => {
    const body = renderer.render(
      message('x'.repeat(5000), { title: 't'.repeat(300), fields: [{ name: 'n', value: 'v'.repeat(2000) }] }),
    );
    expect(body.embeds[0]!.description).toHaveLength(4096);
    expect(body.embeds[0]!.title).toHaveLength(256);
    expect(body.embeds[0]!.fields![0]!.value).toHaveLength(1024);
  });

  it('pings the Discord users the message is meant to reach through content, and only them', () => {
    const body = renderer.render(
      message('<@discord:111>, <@teams:29:x> and <@discord:222>: time for an update (<@discord:111>)', {
        ...notifying([omar, eli, { id: 'discord:222', displayName: 'Ann' }, omar]),
      }),
    );
    expect(body.content).toBe('<@111> <@222>');
    expect(body.allowed_mentions).toEqual({ parse: [], users: ['111', '222'] });
    expect(body.embeds[0]!.description).toBe(
      '<@111>, **Eli 🚒** (Teams) and <@222>: time for an update (<@111>)',
    );
  });

  it('names without pinging the people a message only mentions', () => {
    const body = renderer.render(message('Lead: <@discord:111>', notifying([], [omar])));
    expect(body.content).toBeUndefined();
    expect(body.allowed_mentions).toEqual({ parse: [] });
    expect(body.embeds[0]!.description).toBe('Lead: <@111>');
  });

  it('never pings @everyone, @here or a role, whatever the text and names say', () => {
    const body = renderer.render(
      message('@everyone @here <@&999> <@teams:29:x> took over from <@discord:111>', {
        ...notifying([omar], [{ id: 'teams:29:x', displayName: '@everyone <@&999>' }]),
      }),
    );
    expect(body.allowed_mentions).toEqual({ parse: [], users: ['111'] });
    expect(body.content).toBe('<@111>');
    expect(body.embeds[0]!.description).toContain('**@\u200beveryone @\u200b&999** (Teams)');
  });

  it('pings nobody from a private reply, which only its asker sees', () => {
    const body = renderer.render(message('<@discord:111>', { ...notifying([omar]), visibility: 'private' }));
    expect(body.content).toBeUndefined();
    expect(body.allowed_mentions).toEqual({ parse: [] });
  });

  it('reads messages stored before they said whom to notify as notifying nobody', () => {
    const { notify: _notify, ...stored } = message('<@discord:111> is now Incident Lead.', notifying([omar]));
    expect(renderer.render(stored).allowed_mentions).toEqual({ parse: [] });
  });

  it('adds no buttons to a message without an incident', () => {
    expect(renderer.render(message('hi', { buttons: HEADLINE_BUTTONS })).components).toEqual([]);
  });
});

describe('toDiscordMarkdown', () => {
  it('rewrites neutral Discord mentions and names an API token by its display name', () => {
    expect(toDiscordMarkdown('<@discord:1> and <@api:ops>', { 'api:ops': 'API (ops)' })).toBe(
      '<@1> and **API (ops)**',
    );
  });

  it('writes people from other platforms by name, and never by id when the name is unknown', () => {
    expect(
      toDiscordMarkdown('<@teams:29:eli> took over from <@teams:29:ann> for <@api:ops>', {
        'teams:29:eli': 'Eli *ops*',
      }),
    ).toBe('**Eli ops** (Teams) took over from a Teams user for the API');
  });

  it('keeps accents and emoji in names but not markdown, links, code or mention syntax', () => {
    const names = { 'teams:29:z': '**Zoë** <at>x</at> 🚒 [site](https://x.test) `rm` <@1>' };
    expect(toDiscordMarkdown('<@teams:29:z>', names)).toBe(
      '**Zoë atx/at 🚒 site(https://x.test) rm @\u200b1** (Teams)',
    );
  });

  it('renders 40,000 characters of unfinished mentions in linear time', () => {
    const text = '<@discord:'.repeat(4_000);
    expect(fastestRunMs(() => toDiscordMarkdown(text), 50)).toBeLessThan(50);
    expect(toDiscordMarkdown(text)).toBe(text);
  });
});
