import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IncidentRefPipe } from './incident-ref.pipe.js';
import { RequestValidationError } from './problem-details.filter.js';

describe(IncidentRefPipe.name, () => {
  const sut = new IncidentRefPipe();

  it('reads a reference in any case as the domain writes it', () => {
    expect(sut.transform('inc-3')).toBe('INC-3');
    expect(sut.transform('INC-123456789')).toBe('INC-123456789');
  });

  it('refuses anything else, naming the ref field', () => {
    for (const value of ['INC-', 'INC-1234567890', 'INC-3 ', 'incident-3', '3', undefined]) {
      expect(() => sut.transform(value)).toThrow(RequestValidationError);
    }
    expect(() => sut.transform('ΙΝС-3')).toThrow('ref: must be an incident reference such as INC-3');
  });

  it('either answers INC-<digits> or refuses, whatever the text', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        try {
          expect(sut.transform(text)).toMatch(/^INC-\d{1,9}$/);
        } catch (error) {
          expect(error).toBeInstanceOf(RequestValidationError);
        }
      }),
    );
  });
});
