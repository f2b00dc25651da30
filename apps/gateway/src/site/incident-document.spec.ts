import type { ActionItem, Incident, TimelineEntry } from '@firebreak/incident';
import { describe, expect, it } from 'vitest';
import {
  chatProfileUrl,
  documentView,
  readTimelineFilter,
  timelineView,
  type DocumentRecord,
} from './incident-document.js';

const DECLARED = new Date('2026-03-10T08:00:00.000Z');
const minutes = (count: number) => new Date(DECLARED.getTime() + count * 60_000);
const ada = { id: 'discord:111111111111111111', displayName: 'Ada' };
const renee = { id: 'teams:0f3c2b9e-6a1d-4e58-9b7c-1d2e3f4a5b6c', displayName: 'Renée 🚒' };

const incident = {
  ref: 'INC-3',
  title: 'Checkout fails',
  status: 'monitoring',
  roles: { reporter: ada, lead: renee },
  componentIds: ['payments', 'gone'],
  declaredAt: DECLARED,
  startedAt: minutes(-5),
  resolvedAt: null,
  closedAt: null,
  spaces: [
    {
      platform: 'discord',
      channelId: '1',
      url: 'https://discord.com/channels/9/1',
      headlineMessageId: null,
      announcementMessageId: null,
    },
  ],
} as unknown as Incident;

const entry = (id: number, kind: TimelineEntry['kind'], text: string): TimelineEntry => ({
  id,
  incidentRef: 'INC-3',
  kind,
  at: minutes(id),
  author: ada,
  text,
  message:
    kind === 'message_pinned'
      ? {
          platform: 'discord',
          messageId: 'm1',
          link: 'https://discord.com/channels/9/1/m1',
          author: renee,
          text: 'Rolled back',
          postedAt: null,
        }
      : null,
  data: {},
});

const item = (id: number, overrides: Partial<ActionItem>): ActionItem => ({
  id,
  incidentRef: 'INC-3',
  kind: 'followup',
  text: `Follow-up ${id}`,
  owner: ada,
  dueAt: null,
  state: 'open',
  createdBy: ada,
  createdAt: DECLARED,
  doneAt: null,
  ...overrides,
});

const timeline = [
  entry(1, 'declared', 'Declared'),
  entry(2, 'message_pinned', 'Pinned'),
  entry(3, 'note', 'Checked the logs'),
];
const record: DocumentRecord = {
  incident,
  items: [
    item(1, { dueAt: minutes(30) }),
    item(2, { state: 'done' }),
    item(3, { kind: 'action', owner: null }),
  ],
  updates: [],
  scheduled: [],
  components: [{ id: 'payments', name: 'Payments' } as DocumentRecord['components'][number]],
};

describe('documentView and timelineView', () => {
  const reading = {
    zone: 'Asia/Tokyo',
    filter: null,
    now: minutes(60),
    mayTick: (each: ActionItem) => each.owner?.id === ada.id,
  };

  it('states the facts in the viewer’s zone, with the start before declaring and the duration so far', () => {
    const view = documentView(record, reading);
    expect(view.facts).toMatchObject({
      components: ['Payments', 'gone'],
      declaredAt: { iso: '2026-03-10T08:00:00.000Z', text: '2026-03-10 17:00 GMT+9' },
      startedAt: { text: '2026-03-10 16:55 GMT+9' },
      duration: '1 h 05 min',
    });
    expect(view.roles.map((role) => [role.title, role.holder?.name ?? null])).toEqual([
      ['Reporter', 'Ada'],
      ['Incident Lead', 'Renée 🚒'],
      ['Scribe', null],
      ['Communications Lead', null],
    ]);
    expect(view.spaces).toEqual([{ label: 'Discord channel', url: 'https://discord.com/channels/9/1' }]);
    expect(view.call).toBeNull();
  });

  it("links to the incident's call once it has one", () => {
    const call = {
      provider: 'teams' as const,
      url: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_x',
      requestedAt: new Date('2026-03-10T08:02:00.000Z'),
      requestedBy: { id: 'teams:29:renee', displayName: 'Renée 🚒' },
      endedAt: null,
    };
    const view = documentView({ ...record, incident: { ...record.incident, call } }, reading);
    expect(view.call).toEqual({ label: 'Teams meeting', url: call.url });
  });

  it('shows pins with their author, text and jump link, and filters the timeline by kind', () => {
    const pin = timelineView(timeline, reading)[1]!;
    expect(pin.pin).toEqual({
      author: {
        name: 'Renée 🚒',
        profileUrl:
          'https://teams.microsoft.com/l/chat/0/0?users=8:orgid:0f3c2b9e-6a1d-4e58-9b7c-1d2e3f4a5b6c',
      },
      text: 'Rolled back',
      link: 'https://discord.com/channels/9/1/m1',
      unpinned: false,
    });
    const pins = timelineView(timeline, { ...reading, filter: 'pins' });
    expect(pins.map((each) => each.id)).toEqual([2]);
  });

  it('marks overdue follow-ups and offers the tick only where the viewer may tick', () => {
    const view = documentView(record, reading);
    expect(
      view.followups.map(({ id, done, overdue, tickable }) => ({ id, done, overdue, tickable })),
    ).toEqual([
      { id: 1, done: false, overdue: true, tickable: true },
      { id: 2, done: true, overdue: false, tickable: false },
    ]);
    expect(view.actions.map(({ id, tickable }) => ({ id, tickable }))).toEqual([{ id: 3, tickable: false }]);
  });
});

describe(chatProfileUrl.name, () => {
  it('links Discord users and Teams users by AAD object id, and nobody else', () => {
    expect(chatProfileUrl('discord:111111111111111111')).toBe('https://discord.com/users/111111111111111111');
    expect(chatProfileUrl('teams:29:1abc')).toBe(null);
    expect(chatProfileUrl('api:local-admin')).toBe(null);
  });
});

describe(readTimelineFilter.name, () => {
  it('reads the kinds it knows only', () => {
    expect(readTimelineFilter('pins')).toBe('pins');
    expect(readTimelineFilter('constructor')).toBe(null);
    expect(readTimelineFilter(['pins'])).toBe(null);
  });
});
