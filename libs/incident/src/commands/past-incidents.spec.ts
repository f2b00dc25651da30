import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { IncidentError } from '../errors.js';
import type { Participant } from '../model/participant.js';
import { FixedClock } from '../testing/fixed-clock.js';
import { resolvePastTime } from '../model/requested-time.js';
import { dueReminders } from '../communications/reminders.js';
import { InMemoryUnitOfWork } from '../testing/in-memory-unit-of-work.js';
import type { CommandContext } from './command-context.js';
import { parseCommand } from './command-parser.js';
import { IncidentService } from './incident-service.js';

const dana: Participant = { id: 'discord:4', displayName: 'Dana Ødegård 🔥' };
const as = (actor: Participant): CommandContext => ({
  actor,
  location: { platform: 'discord', channelId: 'g/general' },
});
const NOW = new Date('2026-03-10T12:00:00.000Z');
const FIVE_YEARS = 5 * 366 * 86_400_000;

/** The parser's answer: its value, or the refusal it gave. Any other error fails the spec. */
function answerOf<T>(parse: () => T): T | IncidentError {
  try {
    return parse();
  } catch (error) {
    if (error instanceof IncidentError) return error;
    throw error;
  }
}

const titleWords = fc.array(
  fc.constantFrom(
    'Card',
    'payments',
    'failed',
    'started',
    'resolved',
    'São',
    'Paulo',
    '🔥',
    'in',
    'at',
    '2h',
    '14:30',
    'Zürich',
    'backup',
    'job',
  ),
  { minLength: 1, maxLength: 12 },
);
const times = fc.constantFrom(
  { text: '2026-03-02 09:10 Europe/London', iso: '2026-03-02T09:10:00.000Z' },
  { text: '2026-03-02T09:10Z', iso: '2026-03-02T09:10:00.000Z' },
  { text: '2026-03-02 9:10am UTC+1', iso: '2026-03-02T08:10:00.000Z' },
  { text: '3h ago', iso: '2026-03-10T09:00:00.000Z' },
  { text: '1d 2h', iso: '2026-03-09T10:00:00.000Z' },
  { text: '11:15', iso: '2026-03-10T11:15:00.000Z' },
  { text: '13:15 UTC', iso: '2026-03-09T13:15:00.000Z' },
);

describe('declare --past', () => {
  describe('parsing', () => {
    it('reads any title without the word "started" whole, and the times as the one grammar means them', () => {
      fc.assert(
        fc.property(titleWords, times, fc.option(times), (words, started, resolved) => {
          const title = words.filter((word) => word !== 'started').join(' ') || 'Outage';
          const line = `declare --past ${title} started ${started.text}${resolved ? ` resolved ${resolved.text}` : ''}`;
          const command = parseCommand(line);
          if (command.kind !== 'declare' || !command.past) throw new Error(`not a past declaration: ${line}`);
          expect(command.title).toBe(title);
          expect(resolvePastTime(command.past.started, NOW, FIVE_YEARS).toISOString()).toBe(started.iso);
          const resolvedAt = command.past.resolved && resolvePastTime(command.past.resolved, NOW, FIVE_YEARS);
          expect(resolvedAt?.toISOString() ?? null).toBe(resolved?.iso ?? null);
        }),
      );
    });

    it('keeps a title that says "started" whole when the times come after it', () => {
      expect(
        parseCommand('declare --past Backup job started failing started 2026-03-02T09:10Z'),
      ).toMatchObject({
        kind: 'declare',
        title: 'Backup job started failing',
        past: {
          started: { kind: 'at', date: '2026-03-02', hour: 9, minute: 10, zone: 'UTC' },
          resolved: null,
        },
      });
    });

    it('answers any line with a declaration or a refusal, never anything else', () => {
      fc.assert(
        fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), titleWords, (noise, words) => {
          const answer = answerOf(() => parseCommand(`declare --past ${words.join(' ')} ${noise}`));
          expect(answer instanceof IncidentError || answer.kind === 'declare').toBe(true);
        }),
      );
    });

    it('refuses a past declaration without a start, or with words after the times, saying how', () => {
      expect(answerOf(() => parseCommand('declare --past Card payments failed'))).toMatchObject({
        field: 'started',
        message: expect.stringContaining('declare --past <what happened> started <time>'),
      });
      expect(
        answerOf(() => parseCommand('declare --past Card payments failed started 09:10 UTC and more')),
      ).toBeInstanceOf(IncidentError);
      expect(answerOf(() => parseCommand('declare --past started 09:10'))).toMatchObject({ field: 'title' });
    });

    it('reads a 4,000-character title in one pass', () => {
      const long = 'started '.repeat(499).trim();
      const answer = answerOf(() => parseCommand(`declare --past ${long} started 2026-03-02T09:10Z`));
      expect(answer).toMatchObject({ kind: 'declare', title: long });
    });
  });

  describe('recording', () => {
    let unitOfWork: InMemoryUnitOfWork;
    let clock: FixedClock;
    let sut: IncidentService;

    beforeEach(() => {
      unitOfWork = new InMemoryUnitOfWork();
      clock = new FixedClock(NOW);
      sut = new IncidentService(unitOfWork, clock);
    });

    it('records a resolved incident with its own times, a drafted review and no announcement', async () => {
      const result = await sut.run(
        'declare --past Paiements refusés à Zürich 💳 started 2026-03-02 09:10 Europe/Zurich resolved 2026-03-02 10:40 Europe/Zurich',
        as(dana),
      );
      expect(result.message.text).toBe(
        'Recorded INC-1, which happened from 2026-03-02 08:10 UTC to 2026-03-02 09:40 UTC; its review is drafted. No channel was opened and nobody was notified.',
      );
      expect(result.incident).toMatchObject({
        status: 'resolved',
        retrospective: true,
        declaredAt: NOW,
        startedAt: new Date('2026-03-02T08:10:00.000Z'),
        resolvedAt: new Date('2026-03-02T09:40:00.000Z'),
        mitigatedAt: new Date('2026-03-02T09:40:00.000Z'),
        acknowledgedAt: null,
        spaces: [],
      });
      const timeline = await sut.timeline('INC-1');
      expect(timeline.map((entry) => [entry.kind, entry.at.toISOString()])).toEqual([
        ['declared', '2026-03-02T08:10:00.000Z'],
        ['status_changed', '2026-03-02T09:40:00.000Z'],
        ['note', NOW.toISOString()],
      ]);
      const types = unitOfWork.events.map((event) => event.type);
      expect(types).toContain('incident.recorded');
      expect(types).toContain('review.drafted');
      expect(types).not.toContain('incident.declared');
      expect(types).not.toContain('incident.resolved');
      expect(types).not.toContain('chat.notice');
    });

    it('records an incident still going on, which is never reminded about', async () => {
      const result = await sut.run('declare --past Slow search started 3h ago', as(dana));
      expect(result.incident).toMatchObject({
        status: 'investigating',
        startedAt: new Date('2026-03-10T09:00:00.000Z'),
        resolvedAt: null,
      });
      const later = new Date(NOW.getTime() + 24 * 3_600_000);
      expect(
        dueReminders(
          result.incident!,
          null,
          { incidentRef: 'INC-1', snoozedUntil: null, lastReminded: {} },
          later,
        ),
      ).toEqual([]);
    });

    it('refuses times still to come, a resolution before the start, and times over five years back', async () => {
      await expect(sut.run('declare --past A started 2026-03-11 09:00 UTC', as(dana))).rejects.toThrow(
        'has not happened yet',
      );
      await expect(
        sut.run('declare --past A started 2026-03-02T10:00Z resolved 2026-03-02T09:00Z', as(dana)),
      ).rejects.toThrow('before it started');
      await expect(sut.run('declare --past A started 2020-01-01T00:00Z', as(dana))).rejects.toThrow(
        'more than',
      );
      expect(await sut.listIncidents()).toEqual([]);
    });

    it('closes by the usual rules: refused while the review is a draft', async () => {
      await sut.run(
        'declare --past Card payments failed started 2026-03-02T09:10Z resolved 2026-03-02T10:40Z',
        as(dana),
      );
      await expect(sut.run('close INC-1', as(dana))).rejects.toThrow(/review/);
      await sut.run('action INC-1 Rolled back the certificate change', as(dana));
      const closed = await sut.run('close INC-1 --override Recorded for the quarterly report', as(dana));
      expect(closed.incident?.status).toBe('closed');
    });
  });
});
