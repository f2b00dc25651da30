import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IncidentError, parsePastTimes, SEVERITIES } from '@firebreak/incident';
import { DECLARE_FORM, declareCommandFromForm } from './declare-form.js';

function refusal(values: Record<string, unknown>): IncidentError {
  try {
    declareCommandFromForm(values);
  } catch (error) {
    if (error instanceof IncidentError) return error;
    throw error;
  }
  throw new Error('the form was not refused');
}

describe(declareCommandFromForm.name, () => {
  it('declares with every value, trimmed, accents and emoji kept', () => {
    expect(
      declareCommandFromForm({
        title: '  Paiements refusés 🔥 à São Paulo ',
        summary: 'Le checkout répond 502 depuis 10:42.',
        severity: ' Critical ',
        impact: 'Clients au Brésil',
      }),
    ).toEqual({
      kind: 'declare',
      title: 'Paiements refusés 🔥 à São Paulo',
      summary: 'Le checkout répond 502 depuis 10:42.',
      severity: 'critical',
      impact: 'Clients au Brésil',
    });
  });

  it('leaves out empty and non-text values, so the declare defaults apply', () => {
    expect(
      declareCommandFromForm({ title: 'Search is slow', summary: ' ', severity: '', impact: 42 }),
    ).toEqual({
      kind: 'declare',
      title: 'Search is slow',
    });
  });

  it('records an incident already over when the form says when it happened, in the one time grammar', () => {
    const past = 'started 2026-03-02 09:10 Europe/Madrid resolved 2026-03-02 10:40 Europe/Madrid';
    expect(declareCommandFromForm({ title: 'Pagos caídos en Sevilla 💳', past })).toEqual({
      kind: 'declare',
      title: 'Pagos caídos en Sevilla 💳',
      past: parsePastTimes(past),
    });
    expect(declareCommandFromForm({ title: 'Search is slow', past: '   ' })).not.toHaveProperty('past');
    expect(refusal({ title: 'Search is slow', past: 'started yesterday-ish' }).field).toBe('started');
    expect(DECLARE_FORM.fields.map((field) => field.id)).toContain('past');
  });

  it('fits a Discord modal: five inputs at most, labels of 45 characters and hints of 100 at most', () => {
    expect(DECLARE_FORM.fields.length).toBeLessThanOrEqual(5);
    for (const field of DECLARE_FORM.fields) {
      expect(field.label.length).toBeLessThanOrEqual(45);
      expect((field.placeholder ?? '').length).toBeLessThanOrEqual(100);
    }
  });

  it('refuses a form without a title, naming what is missing', () => {
    expect(refusal({ summary: 'p99 at 4 s' }).message).toBe('An incident needs a title: say what happened.');
    expect(refusal({ title: '   ' }).field).toBe('title');
  });

  it('reads the severity with the domain rule, aliases included, and refuses anything else', () => {
    expect(refusal({ title: 'DB down', severity: 'apocalyptic' }).message).toContain(
      `Choose one of: ${SEVERITIES.join(', ')}`,
    );
    for (const severity of SEVERITIES)
      expect(declareCommandFromForm({ title: 'DB down', severity })).toMatchObject({ severity });
  });

  it('offers exactly the domain severities and requires only the title', () => {
    const byId = new Map(DECLARE_FORM.fields.map((field) => [field.id, field]));
    expect(byId.get('severity')?.choices).toEqual(SEVERITIES);
    expect(DECLARE_FORM.fields.filter((field) => field.required).map((field) => field.id)).toEqual(['title']);
  });

  it('either declares with the trimmed title or refuses with a clear error, for any submitted values', () => {
    const value = fc.oneof(fc.string(), fc.constant(undefined), fc.integer(), fc.constant(null));
    fc.assert(
      fc.property(fc.record({ title: value, summary: value, severity: value, impact: value }), (values) => {
        try {
          const command = declareCommandFromForm(values);
          expect(command).toMatchObject({ kind: 'declare', title: (values.title as string).trim() });
        } catch (error) {
          expect(error).toBeInstanceOf(IncidentError);
        }
      }),
    );
  });
});
