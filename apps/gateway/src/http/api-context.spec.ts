import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './api-context.js';

/** The same object with its keys, at every depth, in another order. */
function reordered(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reordered);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([name, each]) => [name, reordered(each)]),
    );
  return value;
}

describe(canonicalJson.name, () => {
  it('writes one text for one request, whatever the order of its fields (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalJson(reordered(value))).toBe(canonicalJson(value));
        expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });

  it('tells apart requests that differ in anything', () => {
    expect(canonicalJson({ params: { ref: 'INC-1' }, body: { status: 'identified' } })).not.toBe(
      canonicalJson({ params: { ref: 'INC-2' }, body: { status: 'identified' } }),
    );
    expect(canonicalJson({ text: 'declare Zürich is down' })).not.toBe(
      canonicalJson({ text: 'declare Zurich is down' }),
    );
    expect(canonicalJson({ a: [1, 2] })).not.toBe(canonicalJson({ a: [2, 1] }));
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
  });
});
