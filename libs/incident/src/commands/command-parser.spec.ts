import { describe, expect, it } from 'vitest';
import { IncidentError, IncidentErrorCode } from '../errors.js';
import { PROTOTYPE_WORDS } from '../testing/prototype-words.js';
import { fastestRunMs } from '../testing/running-time.js';
import { helpText } from './command-help.js';
import { parseCommand } from './command-parser.js';

/** Far above the microseconds a linear parse takes, far below what backtracking over the words took. */
const PARSE_BUDGET_MS = 25;

function refusal(text: string): IncidentError {
  try {
    parseCommand(text);
  } catch (error) {
    if (error instanceof IncidentError) return error;
    throw error;
  }
  throw new Error(`"${text}" was accepted`);
}

describe(parseCommand.name, () => {
  it('reads a declare with its whole title', () => {
    expect(parseCommand('declare DB is down  in eu-west')).toEqual({
      kind: 'declare',
      title: 'DB is down  in eu-west',
    });
  });

  it('ignores a leading slash and the word incident', () => {
    expect(parseCommand('/incident declare API errors')).toEqual({ kind: 'declare', title: 'API errors' });
    expect(parseCommand('incident list')).toEqual({ kind: 'list' });
  });

  it('takes the incident reference right after the command word', () => {
    expect(parseCommand('sev INC-3 critical')).toEqual({
      kind: 'severity',
      ref: 'INC-3',
      severity: 'critical',
    });
    expect(parseCommand('summary inc-12 Checkout fails')).toEqual({
      kind: 'summary',
      ref: 'INC-12',
      text: 'Checkout fails',
    });
  });

  it('leaves the reference empty when the channel implies the incident', () => {
    expect(parseCommand('status identified')).toEqual({ kind: 'status', ref: null, status: 'identified' });
  });

  it('accepts common severity words', () => {
    expect(parseCommand('sev High')).toMatchObject({ severity: 'critical' });
    expect(parseCommand('sev trivial')).toMatchObject({ severity: 'minor' });
  });

  it('reads role commands with and without a user', () => {
    expect(parseCommand('lead')).toEqual({
      kind: 'role',
      ref: null,
      role: 'lead',
      user: null,
      confirm: false,
    });
    expect(parseCommand('scribe INC-2 <@discord:42>')).toEqual({
      kind: 'role',
      ref: 'INC-2',
      role: 'scribe',
      user: 'discord:42',
      confirm: false,
    });
    expect(parseCommand('comms teams:29:abc --confirm')).toEqual({
      kind: 'role',
      ref: null,
      role: 'comms',
      user: 'teams:29:abc',
      confirm: true,
    });
    expect(parseCommand('lead INC-3 --confirm')).toMatchObject({ ref: 'INC-3', user: null, confirm: true });
  });

  it('reads a follow-up with owner and due date', () => {
    expect(parseCommand('followup Add disk alerts <@discord:7> due 2026-12-01')).toEqual({
      kind: 'followup',
      ref: null,
      text: 'Add disk alerts',
      owner: 'discord:7',
      dueAt: new Date('2026-12-01T23:59:59.000Z'),
    });
  });

  it('reads a component name of several words and its status', () => {
    expect(parseCommand('component Public API major_outage')).toEqual({
      kind: 'component',
      ref: null,
      component: 'Public API',
      status: 'major_outage',
    });
  });

  it('reads the review sub-commands, and lists them for an unknown one', () => {
    expect(parseCommand('review INC-4 refresh')).toEqual({ kind: 'review_refresh', ref: 'INC-4' });
    expect(parseCommand('review done')).toEqual({ kind: 'review_done', ref: null });
    expect(parseCommand('review rca The pool was too small')).toEqual({
      kind: 'review',
      ref: null,
      section: 'rca',
      text: 'The pool was too small',
    });
    expect(refusal('review refresh now').code).toBe(IncidentErrorCode.InvalidArgument);
    expect(refusal('review rewrite').message).toContain('or done, refresh, schedule');
  });

  it('treats an empty line as a request for help', () => {
    expect(parseCommand('   ')).toEqual({ kind: 'help', topic: null });
  });

  it('answers an unknown command with the list of commands', () => {
    const error = refusal('restart everything');
    expect(error.code).toBe(IncidentErrorCode.UnknownCommand);
    expect(error.message).toContain('Unknown command "restart"');
    expect(error.message).toContain('declare');
  });

  it('lists the valid severities when given an invalid one', () => {
    const error = refusal('sev INC-1 catastrophic');
    expect(error.code).toBe(IncidentErrorCode.InvalidArgument);
    expect(error.field).toBe('severity');
    expect(error.message).toBe('"catastrophic" is not a severity. Choose one of: critical, major, minor.');
  });

  it('lists the valid statuses and points at close for closed', () => {
    const error = refusal('status closed');
    expect(error.field).toBe('status');
    expect(error.message).toContain('investigating, identified, monitoring, resolved');
    expect(error.message).toContain('`close`');
  });

  it('refuses a declare without a title', () => {
    expect(refusal('declare').message).toContain(
      'Usage: `declare [--private] <what happened> | declare --past',
    );
  });

  it('refuses a role for someone it cannot identify', () => {
    expect(refusal('lead bob').field).toBe('user');
  });

  it('refuses an impossible due date', () => {
    expect(refusal('followup Fix it due 2026-02-30').field).toBe('due');
  });

  it('refuses an unknown component status', () => {
    expect(refusal('component API broken').message).toContain('operational, degraded_performance');
  });

  it('refuses text after commands that take none', () => {
    expect(refusal('resolve now please').field).toBe('arguments');
  });

  it('parses a 14-word update and a 25-word review section in milliseconds, keeping the writer’s spacing', () => {
    const update =
      'update INC-4 Checkout errors are down to 2% after the  rollback;\nwe keep watching the payment queue.';
    const review =
      'review INC-4 rca The connection pool was sized for last year’s traffic: when the\n' +
      'Black Friday campaign started, checkout workers waited on connections,  timed out and retried, which doubled the load.';
    expect(fastestRunMs(() => parseCommand(update), PARSE_BUDGET_MS)).toBeLessThan(PARSE_BUDGET_MS);
    expect(fastestRunMs(() => parseCommand(review), PARSE_BUDGET_MS)).toBeLessThan(PARSE_BUDGET_MS);
    expect(parseCommand(update)).toEqual({
      kind: 'update',
      ref: 'INC-4',
      body: 'Checkout errors are down to 2% after the  rollback;\nwe keep watching the payment queue.',
    });
    expect(parseCommand(review)).toMatchObject({
      kind: 'review',
      section: 'rca',
      text:
        'The connection pool was sized for last year’s traffic: when the\n' +
        'Black Friday campaign started, checkout workers waited on connections,  timed out and retried, which doubled the load.',
    });
  });

  it('keeps a close reason as typed', () => {
    expect(parseCommand('close INC-2 --override  Review  held\nin person')).toEqual({
      kind: 'close',
      ref: 'INC-2',
      override: 'Review  held\nin person',
    });
    expect(refusal('close INC-2 overrides').field).toBe('arguments');
  });

  it('treats object-prototype words as unknown input with the usual clear refusal', () => {
    for (const word of PROTOTYPE_WORDS) {
      expect(refusal(`sev INC-1 ${word}`).message).toBe(
        `"${word}" is not a severity. Choose one of: critical, major, minor.`,
      );
      expect(refusal(`status INC-1 ${word}`).field).toBe('status');
      expect(refusal(`unassign INC-1 ${word}`).field).toBe('role');
      expect(refusal(`component INC-1 Public API ${word}`).message).toContain('is not a component status');
      expect(refusal(`review INC-1 ${word} Pool too small`).field).toBe('section');
      expect(refusal(`${word} INC-1`).message).toContain(`Unknown command "${word.toLowerCase()}"`);
      expect(() => helpText(word)).toThrow(`Unknown command "${word}"`);
    }
  });
});
