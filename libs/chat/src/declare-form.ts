import { type Command, IncidentError, parsePastTimes, parseSeverity, SEVERITIES } from '@firebreak/incident';

/** One input of a chat form, as every platform shows it (a Discord modal's text input, a card's input). */
export interface FormField {
  readonly id: string;
  readonly label: string;
  readonly required: boolean;
  readonly multiline: boolean;
  readonly maxLength: number;
  /** A hint shown in the empty input (Discord caps it at 100 characters). */
  readonly placeholder?: string;
  /** What a platform shows when a required input is left empty (Adaptive Cards require it). */
  readonly errorMessage?: string;
  /** Offered values, when the platform can show a choice (Teams); others take the same words as text. */
  readonly choices?: readonly string[];
}

export interface ChatForm {
  readonly title: string;
  /** The button that sends it. */
  readonly submitLabel: string;
  readonly fields: readonly FormField[];
}

/**
 * The form a bare `declare` opens on every platform: what happened, what is known, how bad, who is hit, and, for
 * an incident already over, when it happened. Five inputs: a Discord modal holds no more.
 */
export const DECLARE_FORM: ChatForm = {
  title: 'Declare an incident',
  submitLabel: 'Declare',
  fields: [
    {
      id: 'title',
      label: 'What happened?',
      required: true,
      multiline: false,
      maxLength: 200,
      errorMessage: 'Say what happened: an incident needs a title.',
    },
    { id: 'summary', label: 'Summary: what we know', required: false, multiline: true, maxLength: 4000 },
    {
      id: 'severity',
      label: `Severity: ${SEVERITIES.join(', ')}`,
      required: false,
      multiline: false,
      maxLength: 20,
      choices: SEVERITIES,
    },
    { id: 'impact', label: 'Impact: who is affected', required: false, multiline: true, maxLength: 4000 },
    {
      id: 'past',
      /** Discord caps labels at 45 characters. */
      label: 'Already over? started <time> resolved <time>',
      required: false,
      multiline: false,
      maxLength: 200,
      placeholder: 'blank if live; e.g. started 2026-03-02 09:10 UTC resolved 10:40 UTC',
    },
  ],
};

/**
 * The declare command from a submitted declare form, whatever the platform sent: values that are not text
 * count as empty, a missing title is refused, and the severity is read by the domain's own severity rule (the
 * declare default applies when none is given).
 */
export function declareCommandFromForm(values: Readonly<Record<string, unknown>>): Command {
  const text = (key: string): string | undefined => {
    const value = values[key];
    return typeof value === 'string' && value.trim() ? value.trim() : undefined;
  };
  const title = text('title');
  if (!title) throw IncidentError.invalid('title', 'An incident needs a title: say what happened.');
  const severity = text('severity');
  const summary = text('summary');
  const impact = text('impact');
  // A form that says when it happened records the incident (`declare --past`); a blank one declares it live.
  const past = parsePastTimes(text('past'));
  return {
    kind: 'declare',
    title,
    ...(summary ? { summary } : {}),
    ...(impact ? { impact } : {}),
    ...(severity ? { severity: parseSeverity(severity) } : {}),
    ...(past ? { past } : {}),
  };
}
