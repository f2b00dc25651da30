import type { INestApplication } from '@nestjs/common';
import fc from 'fast-check';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOTYPE_WORDS } from '@firebreak/incident/testing';
import { BEARER, startGateway, TempDatabase } from './support/gateway-app.js';

describe('the command language over HTTP, given text it cannot use', () => {
  const database = new TempDatabase();
  let app: INestApplication;
  const command = (body: object) =>
    request(app.getHttpServer()).post('/api/v1/commands').set('Authorization', BEARER).send(body);

  beforeAll(async () => {
    app = await startGateway(database.url, { RATE_LIMIT_COMMANDS_PER_MINUTE: '0' });
    await command({ text: 'declare Checkout errors in São Paulo' }).expect(200);
  });

  afterAll(async () => {
    await app?.close();
    database.remove();
  });

  it.each(PROTOTYPE_WORDS)('answers %s as an unknown word with a 400 problem document', async (word) => {
    const refusals: [string, string][] = [
      [`sev INC-1 ${word}`, `"${word}" is not a severity. Choose one of: critical, major, minor.`],
      [`severity INC-1 ${word}`, `"${word}" is not a severity`],
      [`status INC-1 ${word}`, `"${word}" is not a status`],
      [`unassign INC-1 ${word}`, 'Choose a role: lead, scribe, comms.'],
      [`component INC-1 Public API ${word}`, `"${word.toLowerCase()}" is not a component status`],
      [`review INC-1 ${word} The pool was too small`, 'Which part of the review?'],
      [`help ${word}`, `Unknown command "${word}"`],
      [`${word} INC-1`, `Unknown command "${word.toLowerCase()}"`],
      [`update INC-1 template ${word}`, `There is no update template "${word.toLowerCase()}"`],
    ];
    for (const [text, detail] of refusals) {
      const response = await command({ text });
      expect(response.status, text).toBe(400);
      expect(response.headers['content-type'], text).toContain('application/problem+json');
      expect(response.body.detail, text).toContain(detail);
      expect(response.body.detail, text).not.toContain('undefined');
    }
  });

  it('refuses object-prototype words as mentioned participants with a 400', async () => {
    const response = await request(app.getHttpServer())
      .post('/api/v1/commands')
      .set('Authorization', BEARER)
      .set('Content-Type', 'application/json')
      .send('{"text":"lead INC-1 <@discord:42>","mentioned":{"__proto__":"Zoë","constructor":"Eli"}}');
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
  });

  it('answers random and adversarial text with a result or a clear 4xx, never a 5xx', async () => {
    const piece = fc.oneof(
      fc.constantFrom(
        ...PROTOTYPE_WORDS,
        'INC-1',
        'due',
        'at 11:45',
        '<@discord:42>',
        '<@',
        'template',
        'rca',
      ),
      fc.constantFrom('sev', 'status', 'help', 'review', 'update', 'component', 'note', 'followup', 'close'),
      fc.constantFrom(' ', '  ', '\n', '\t', 'Zoë', '🔥'),
      fc.string({ unit: 'grapheme', maxLength: 12 }),
    );
    const text = fc
      .array(piece, { minLength: 1, maxLength: 40 })
      .map((pieces) => pieces.join(' ').trim())
      .filter((line) => line.length > 0 && line.length <= 4000);
    await fc.assert(
      fc.asyncProperty(text, async (line) => {
        const response = await command({ text: line });
        expect(response.status, line).toBeLessThan(500);
        if (response.status >= 400) {
          expect(response.headers['content-type'], line).toContain('application/problem+json');
          expect(String(response.body.detail).trim(), line).not.toBe('');
        }
      }),
      { numRuns: 60 },
    );
  });
});
