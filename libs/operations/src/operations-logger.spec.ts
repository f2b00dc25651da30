import { Writable } from 'node:stream';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createOperationsLogger } from './operations-logger.js';
import { runInRequestContext } from './request-context.js';

/** An output that records what is written to it; `isTTY` as a terminal's stdout has it. */
function outputStream(isTTY: boolean): Writable & { readonly text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return Object.assign(stream, {
    isTTY,
    text: () => stripVTControlCharacters(chunks.join('')),
  });
}

const LEAD_NOTE =
  'Zoë Ångström 🚒 took the lead on the checkout outage and asked the payments team for their ' +
  'deploy log since 09:40; reconnecting to redis://:pw@cache:6379 meanwhile';

describe('createOperationsLogger', () => {
  it('writes human-readable lines, not JSON, to a terminal', () => {
    const terminal = outputStream(true);
    const logger = createOperationsLogger({ service: 'gateway', logStream: terminal });
    runInRequestContext({ requestId: 'r-1', incidentRef: 'INC-7' }, () =>
      logger.warn({ context: 'IncidentService', password: 'hunter2' }, LEAD_NOTE),
    );

    const lines = terminal.text().trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(() => JSON.parse(lines[0]!)).toThrow();
    expect(lines[0]).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] WARN: gateway \[IncidentService\] Zoë Ångström 🚒/);
    expect(lines[0]).toContain('redis://:***@cache:6379');
    expect(lines[0]).toContain('"requestId":"r-1"');
    expect(lines[0]).toContain('"incident":"INC-7"');
    expect(lines[0]).not.toContain('hunter2');
  });

  it('writes one JSON object a line when the output is not a terminal', () => {
    const pipe = outputStream(false);
    const logger = createOperationsLogger({ service: 'status-page', logStream: pipe });
    logger.info({ context: 'StatusPage' }, LEAD_NOTE);
    logger.error('second line');

    const lines = pipe.text().trimEnd().split('\n');
    expect(lines.map((line) => JSON.parse(line) as Record<string, unknown>)).toMatchObject([
      { level: 30, service: 'status-page', context: 'StatusPage', msg: expect.stringContaining('Zoë') },
      { level: 50, service: 'status-page', msg: 'second line' },
    ]);
  });
});
