import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IncidentError } from '../errors.js';
import { LabelPattern, MAX_PATTERN_LENGTH } from './label-pattern.js';

const refusalOf = (source: string): string => {
  try {
    LabelPattern.compile(source);
  } catch (error) {
    if (error instanceof IncidentError) return error.message;
    throw error;
  }
  throw new Error(`"${source}" was accepted`);
};

describe(LabelPattern.name, () => {
  it.each([
    ['critical|page', 'page', true],
    ['critical|page', 'pager', false],
    ['prod-.*', 'prod-eu-west-1', true],
    ['prod-.*', 'staging-prod-1', false],
    ['api', 'api-2', false],
    ['^api$', 'api', true],
    ['db-[0-9]+\\.internal', 'db-12.internal', true],
    ['db-[0-9]+\\.internal', 'db-12xinternal', false],
    ['(?:eu|us)-(west|east)-\\d', 'us-east-2', true],
    ['(?P<zone>eu|us)-\\w{2,4}', 'eu-west', true],
    ['[^a-z]+', 'ZÜRICH 42', true],
    ['[^a-z]+', 'zurich', false],
    ['team-(payments|checkout)?', 'team-', true],
    ['x{2}y{1,3}z{0,}', 'xxyyyzzzz', true],
    ['x{2}y{1,3}', 'xxyyyy', false],
    ['.', '🔥', true],
    ['São Paulo|Zürich', 'Zürich', true],
    ['a{', 'a{', true],
    ['[]a]', ']', true],
    ['[a\\-z]', '-', true],
    ['\\s+\\S', ' \tx', true],
    ['()*', '', true],
    ['', '', true],
    ['', 'x', false],
    ['a|', '', true],
    ['.*', 'line one\nline two', false],
  ])('%j matches %j: %s (anchored at both ends, as in Alertmanager)', (source, value, expected) => {
    expect(LabelPattern.compile(source).matches(value)).toBe(expected);
  });

  it.each([
    ['(?i)critical', 'flags and look-arounds'],
    ['(?=a)a', 'flags and look-arounds'],
    ['(a)\\1', 'back-references are not supported'],
    ['(db', 'is never closed'],
    ['db)', 'closes no group'],
    ['[db', 'is never closed'],
    ['*db', 'nothing to repeat'],
    ['{2}', 'nothing to repeat'],
    ['^*', 'nothing to repeat'],
    ['a**', 'cannot be repeated again'],
    ['x{3,2}', 'must not end below its start'],
    ['[z-a]', 'must not end below its start'],
    ['x{101}', 'at most 100'],
    ['\\p{L}', 'Unicode classes'],
    ['[[:alpha:]]', 'POSIX classes'],
    ['\\q', 'the escape \\q is not supported'],
    ['abc\\', 'cannot end with a backslash'],
    [
      '((((((((((((((((((((((((((((((((((((((((((((((((((((a))))))))))))))))))))))))))))))))))))))))))))))))))))',
      'nest at most 50 deep',
    ],
    ['(((a{100}){100}){100})', 'too large'],
  ])('refuses %j, saying what is wrong', (source, reason) => {
    const refusal = refusalOf(source);
    expect(refusal).toContain(reason);
    expect(refusal).toContain('is not a pattern Firebreak can match');
  });

  it('refuses a pattern longer than 1,000 characters', () => {
    expect(refusalOf('a'.repeat(MAX_PATTERN_LENGTH + 1))).toContain('longer than 1000 characters');
  });

  it('says where in the pattern the fault is', () => {
    expect(refusalOf('db-(eu|us')).toContain('at character 10');
  });

  it('matches adversarial patterns on 4,000-character values within (length + 1) × states steps', () => {
    const cases: [string, string][] = [
      ['(a*)*b', 'a'.repeat(4_000)],
      ['(a|a)*c', 'a'.repeat(4_000)],
      ['(x+x+)+y', 'x'.repeat(4_000)],
      ['(.*a){20}', `${'a'.repeat(3_999)}b`],
      ['(\\w+\\s?)+$', `${'word '.repeat(799)}word!`],
    ];
    for (const [source, value] of cases) {
      const pattern = LabelPattern.compile(source);
      const { matched, visits } = pattern.measure(value);
      expect(matched, source).toBe(false);
      expect(visits, source).toBeLessThanOrEqual((value.length + 1) * pattern.size);
    }
  });

  describe('agrees with JavaScript’s own engine on the syntax both share', () => {
    // Patterns over a small alphabet, in the subset where RE2 and JavaScript (with the u flag) mean the same.
    const atom = fc.oneof(
      fc.constantFrom('a', 'b', 'c', '-', '.', '\\d', '\\w', '\\.', '[abc]', '[^a]', '[a-c1]', '[-_]'),
    );
    const pattern: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        atom,
        fc.tuple(tie('node'), tie('node')).map(([left, right]) => left + right),
        fc.tuple(tie('node'), tie('node')).map(([left, right]) => `${left}|${right}`),
        fc
          .tuple(tie('node'), fc.constantFrom('*', '+', '?', '{2}', '{0,2}', '{1,}', '*?'))
          .map(([inner, quantifier]) => `(?:${inner})${quantifier}`),
        tie('node').map((inner) => `(${inner})`),
      ),
    })).node;
    const value = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '-', '1', '_', '.', 'x'), maxLength: 8 });

    it('on every generated pattern and value', () => {
      fc.assert(
        fc.property(pattern, value, (source, candidate) => {
          // The reference: V8's backtracking engine, on short generated input only.
          // eslint-disable-next-line no-restricted-syntax
          const reference = new RegExp(`^(?:${source})$`, 'u');
          const compiled = LabelPattern.compile(source);
          expect(compiled.matches(candidate)).toBe(reference.test(candidate));
          const { visits } = compiled.measure(candidate);
          expect(visits).toBeLessThanOrEqual((candidate.length + 1) * compiled.size);
        }),
        { numRuns: 2_000 },
      );
    });
  });

  it('never throws anything but a clear refusal on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), fc.string({ maxLength: 20 }), (source, candidate) => {
        let compiled: LabelPattern;
        try {
          compiled = LabelPattern.compile(source);
        } catch (error) {
          expect(error).toBeInstanceOf(IncidentError);
          return;
        }
        expect(typeof compiled.matches(candidate)).toBe('boolean');
      }),
      { numRuns: 2_000 },
    );
  });
});
