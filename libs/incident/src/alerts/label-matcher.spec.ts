import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IncidentError } from '../errors.js';
import { PROTOTYPE_WORDS } from '../testing/prototype-words.js';
import { MATCH_OPERATORS, parseLabelMatcher } from './label-matcher.js';

const labels = { alertname: 'HighLatency', severity: 'critical', team: 'payments', zone: 'São Paulo 🌎' };

describe(parseLabelMatcher.name, () => {
  it.each([
    ['severity="critical"', true],
    ['severity = critical', true],
    ['severity!="critical"', false],
    ['team=~"payments|checkout"', true],
    ['team!~"pay.*"', false],
    ['zone=~"S.o Paulo .+"', true],
    ['env=""', true],
    ['env!=""', false],
    ['env=~"prod|"', true],
    ['  alertname  =~  "High.*"  ', true],
  ])('%s matches the labels of a checkout latency alert: %s', (text, expected) => {
    expect(parseLabelMatcher(text).matches(labels)).toBe(expected);
  });

  it('reads quoted values with Alertmanager’s escapes, keeping other escapes for the pattern', () => {
    expect(parseLabelMatcher('summary="say \\"hi\\"\\\\ now\\n"').value).toBe('say "hi"\\ now\n');
    const pattern = parseLabelMatcher('host=~"db\\.prod"');
    expect(pattern.value).toBe('db\\.prod');
    expect(pattern.matches({ host: 'db.prod' })).toBe(true);
    expect(pattern.matches({ host: 'dbxprod' })).toBe(false);
  });

  it('treats label names that are object properties as missing labels', () => {
    for (const word of PROTOTYPE_WORDS.filter((each) => /^[_a-z]\w*$/i.test(each))) {
      expect(parseLabelMatcher(`${word}="x"`).matches({})).toBe(false);
      expect(parseLabelMatcher(`${word}=""`).matches({})).toBe(true);
    }
  });

  it.each([
    ['', 'must start with a label name'],
    ['9lives="x"', 'must start with a label name'],
    ['severity', 'must be followed by =, !=, =~ or !~'],
    ['severity="critical" extra', 'nothing may follow the closing quote'],
    ['severity="critical', 'never closed'],
    ['team=~"(db"', 'is not a pattern Firebreak can match'],
  ])('refuses %j: %s', (text, reason) => {
    expect(() => parseLabelMatcher(text)).toThrow(IncidentError);
    expect(() => parseLabelMatcher(text)).toThrow(reason);
  });

  it('reads back any name, operator and value written the Alertmanager way', () => {
    const name = fc.stringMatching(/^[_a-z]\w{0,15}$/);
    const value = fc.string({ maxLength: 40, unit: 'grapheme' });
    const quoted = (text: string) =>
      `"${text.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n')}"`;
    fc.assert(
      fc.property(name, fc.constantFrom('=', '!='), value, (labelName, operator, labelValue) => {
        const matcher = parseLabelMatcher(`${labelName}${operator}${quoted(labelValue)}`);
        expect(matcher).toMatchObject({ name: labelName, operator, value: labelValue });
        expect(matcher.matches({ [labelName]: labelValue })).toBe(operator === '=');
      }),
    );
  });

  it('answers arbitrary text with a matcher or a clear refusal', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        try {
          const matcher = parseLabelMatcher(text);
          expect(MATCH_OPERATORS).toContain(matcher.operator);
        } catch (error) {
          expect(error).toBeInstanceOf(IncidentError);
        }
      }),
    );
  });
});
