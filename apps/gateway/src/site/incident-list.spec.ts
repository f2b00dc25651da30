import { fc, test } from '@fast-check/vitest';
import type { Incident } from '@firebreak/incident';
import { describe, expect, it } from 'vitest';
import { incidentListPage, PAGE_SIZE, readIncidentFilter } from './incident-list.js';

const NOW = new Date('2026-03-10T12:00:00.000Z');
const at = (hours: number) => new Date(NOW.getTime() - hours * 3_600_000);

function anIncident(number: number, overrides: Partial<Incident> = {}): Incident {
  return {
    ref: `INC-${number}`,
    number,
    title: `Checkout fails ${number}`,
    publicTitle: null,
    publicImpact: null,
    retrospective: false,
    private: false,
    invitees: [],
    summary: null,
    impact: null,
    severity: 'major',
    status: 'investigating',
    roles: { reporter: { id: 'discord:1', displayName: 'Ada' } },
    componentIds: [],
    declaredAt: at(100 - number),
    startedAt: at(100 - number),
    updatedAt: at(100 - number),
    acknowledgedAt: null,
    mitigatedAt: null,
    resolvedAt: null,
    closedAt: null,
    declaredIn: { platform: 'api', channelId: 'api' },
    spaces: [],
    version: 1,
    ...overrides,
  };
}

const filter = (query: Record<string, unknown> = {}) => readIncidentFilter(query);
const refs = (page: ReturnType<typeof incidentListPage>) =>
  [...page.open, ...page.archive].map((row) => row.ref);

describe(incidentListPage.name, () => {
  const incidents = [
    anIncident(1, { status: 'closed', resolvedAt: at(90), closedAt: at(80) }),
    anIncident(2, { severity: 'critical', componentIds: ['payments'], summary: 'The café’s till is down' }),
    anIncident(3, { status: 'resolved', resolvedAt: at(60), severity: 'minor' }),
    anIncident(4, {
      roles: {
        lead: { id: 'teams:0f3c2b9e-6a1d-4e58-9b7c-1d2e3f4a5b6c', displayName: 'Renée Dubois-Łukasik 🚒' },
      },
      spaces: [
        {
          platform: 'teams',
          channelId: '19:x',
          headlineMessageId: null,
          announcementMessageId: null,
          url: null,
        },
      ],
    }),
  ];

  it('lists open incidents first, then the archive, each newest first, with lead and duration', () => {
    const page = incidentListPage(incidents, filter(), NOW);

    expect(page.open.map((row) => row.ref)).toEqual(['INC-4', 'INC-2']);
    expect(page.archive.map((row) => row.ref)).toEqual(['INC-3', 'INC-1']);
    expect(page.open[0]).toEqual({
      ref: 'INC-4',
      title: 'Checkout fails 4',
      severity: 'major',
      status: 'investigating',
      lead: 'Renée Dubois-Łukasik 🚒',
      duration: '4 d',
      open: true,
    });
    expect(page.archive[0]!.duration).toBe('1 d 13 h');
  });

  it('filters by status, severity, component and platform, and searches titles and summaries', () => {
    expect(refs(incidentListPage(incidents, filter({ status: 'resolved' }), NOW))).toEqual(['INC-3']);
    expect(refs(incidentListPage(incidents, filter({ severity: 'critical' }), NOW))).toEqual(['INC-2']);
    expect(refs(incidentListPage(incidents, filter({ component: 'payments' }), NOW))).toEqual(['INC-2']);
    expect(refs(incidentListPage(incidents, filter({ platform: 'teams' }), NOW))).toEqual(['INC-4']);
    expect(refs(incidentListPage(incidents, filter({ q: 'CAFÉ’S TILL' }), NOW))).toEqual(['INC-2']);
    expect(refs(incidentListPage(incidents, filter({ q: 'fails 3' }), NOW))).toEqual(['INC-3']);
  });

  it('pages the list, keeping the last page when asked for one past it', () => {
    const many = Array.from({ length: PAGE_SIZE + 3 }, (_, index) => anIncident(index + 1));
    const second = incidentListPage(many, filter({ page: '2' }), NOW);
    expect({ total: second.total, page: second.page, pages: second.pages, rows: second.open.length }).toEqual(
      {
        total: PAGE_SIZE + 3,
        page: 2,
        pages: 2,
        rows: 3,
      },
    );
    expect(incidentListPage(many, filter({ page: '9' }), NOW).page).toBe(2);
  });
});

describe(readIncidentFilter.name, () => {
  it('leaves out what it cannot read rather than refusing the page', () => {
    expect(
      readIncidentFilter({
        status: 'exploded',
        severity: ['major'],
        platform: 'slack',
        page: '-2',
        q: '  db  ',
      }),
    ).toEqual({
      status: null,
      severity: null,
      component: null,
      platform: null,
      search: 'db',
      page: 1,
    });
  });

  test.prop([
    fc.dictionary(fc.constantFrom('status', 'severity', 'component', 'platform', 'q', 'page'), fc.anything()),
  ])('reads any query without throwing, within bounds', (query) => {
    const read = readIncidentFilter(query);
    expect(read.page).toBeGreaterThanOrEqual(1);
    expect(read.search.length).toBeLessThanOrEqual(200);
  });
});
