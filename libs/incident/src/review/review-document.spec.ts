import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Incident } from '../model/incident.js';
import type { TimelineEntry } from '../model/timeline-entry.js';
import { fastestRunMs } from '../testing/running-time.js';
import { draftReviewMarkdown, replaceSection, sectionBody } from './review-document.js';

const incident: Incident = {
  ref: 'INC-5',
  number: 5,
  title: 'Checkout errors in São Paulo',
  publicTitle: null,
  publicImpact: null,
  retrospective: false,
  private: false,
  invitees: [],
  summary: null,
  impact: null,
  severity: 'major',
  status: 'resolved',
  roles: { reporter: { id: 'discord:1', displayName: 'Zoë' } },
  declaredAt: new Date('2026-03-01T10:00:00.000Z'),
  startedAt: new Date('2026-03-01T10:00:00.000Z'),
  declaredIn: { platform: 'discord', channelId: 'g/incidents' },
  updatedAt: new Date('2026-03-01T12:00:00.000Z'),
  acknowledgedAt: null,
  mitigatedAt: new Date('2026-03-01T12:00:00.000Z'),
  resolvedAt: new Date('2026-03-01T12:00:00.000Z'),
  closedAt: null,
  componentIds: [],
  spaces: [],
  version: 7,
};

const note = (id: number, text: string): TimelineEntry => ({
  id,
  incidentRef: 'INC-5',
  kind: 'note',
  at: new Date(Date.UTC(2026, 2, 1, 10, id)),
  author: { id: 'discord:1', displayName: 'Zoë' },
  text,
  message: null,
  data: {},
});

const markdown = [
  '# INC-5 review',
  '',
  '## Summary',
  '',
  'Old summary',
  '',
  '## Root cause analysis',
  '',
  '### Why it happened   ',
  '',
  'Pool too small',
  '',
  '####### Not a heading',
  '',
  '## Actions',
].join('\n');

describe('review document', () => {
  it('finds a section by its heading at any level from 2 to 6, trailing spaces allowed', () => {
    expect(sectionBody(markdown, 'Why it happened')).toBe('Pool too small\n\n####### Not a heading');
    expect(sectionBody(markdown, 'Not a heading')).toBeNull();
    expect(sectionBody(markdown, 'INC-5 review')).toBeNull();
    expect(replaceSection(markdown, 'Summary', ' New  summary\n')).toContain(
      '## Summary\n\nNew  summary\n\n## Root',
    );
  });

  it('writes each timeline entry on one line, whatever its line breaks', () => {
    const draft = draftReviewMarkdown({
      incident,
      timeline: [note(1, 'Rolled back  the deploy\n\n  watching\r\nerror rates ')],
      actionItems: [],
      updates: [],
    });
    expect(draft).toContain('Rolled back  the deploy watching error rates (Zoë)');
  });

  it('keeps every other section as it was when one is replaced', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (body) => {
        const edited = replaceSection(markdown, 'Why it happened', body);
        expect(sectionBody(edited, 'Why it happened')).toBe(body.trim());
        expect(sectionBody(edited, 'Summary')).toBe('Old summary');
        expect(edited.startsWith(markdown.slice(0, markdown.indexOf('### Why')))).toBe(true);
      }),
    );
  });

  it('drafts a review of 100 whitespace-heavy notes and edits long Markdown in linear time', () => {
    const timeline = Array.from({ length: 100 }, (_, n) => note(n, `a${' '.repeat(3_990)}b${n}`));
    const record = { incident, timeline, actionItems: [], updates: [] };
    expect(fastestRunMs(() => draftReviewMarkdown(record), 50)).toBeLessThan(50);
    const long = `${markdown}\n${'#'.repeat(40_000)}\n## ${' '.repeat(40_000)}x\n${'\t'.repeat(40_000)}`;
    expect(fastestRunMs(() => replaceSection(long, 'Summary', 'x'), 50)).toBeLessThan(50);
  });
});
