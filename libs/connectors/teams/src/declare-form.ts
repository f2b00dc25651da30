import {
  type Command,
  DECLARE_PAST_FIELD as PAST_FIELD,
  IncidentError,
  parsePastTimes,
  isSeverity,
  message,
  type NeutralMessage,
  SEVERITIES,
} from '@firebreak/incident';
import { ADAPTIVE_CARD_CONTENT_TYPE, type AdaptiveCard } from './adaptive-card.renderer.js';

/** `intent` of the button and task module that declare an incident from a form. */
export const DECLARE_FORM_INTENT = 'declare-form';

/** Answer to a bare `declare`: a card whose button opens the task module form. */
export function declarePromptActivity(): {
  type: 'message';
  text: string;
  attachments: { contentType: string; content: AdaptiveCard }[];
} {
  const prompt: NeutralMessage = message('What happened? Fill in the form to declare an incident.');
  return {
    type: 'message',
    text: prompt.text,
    attachments: [
      {
        contentType: ADAPTIVE_CARD_CONTENT_TYPE,
        content: {
          type: 'AdaptiveCard',
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          version: '1.5',
          body: [{ type: 'TextBlock', text: prompt.text, wrap: true }],
          actions: [
            {
              type: 'Action.Submit',
              title: 'Declare incident',
              data: { intent: DECLARE_FORM_INTENT, msteams: { type: 'task/fetch' } },
            },
          ],
        },
      },
    ],
  };
}

/** The task module's form: title, summary, severity, impact. */
export function declareFormCard(): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: [
      {
        type: 'Input.Text',
        id: 'title',
        label: 'What happened?',
        isRequired: true,
        maxLength: 200,
        errorMessage: 'Say what happened: an incident needs a title.',
      },
      { type: 'Input.Text', id: 'summary', label: 'Summary', isMultiline: true },
      {
        type: 'Input.ChoiceSet',
        id: 'severity',
        label: 'Severity',
        value: 'major',
        choices: SEVERITIES.map((severity) => ({ title: severity, value: severity })),
      },
      { type: 'Input.Text', id: 'impact', label: 'Impact on users', isMultiline: true },
      {
        type: 'Input.Text',
        id: PAST_FIELD.id,
        label: PAST_FIELD.label,
        placeholder: PAST_FIELD.placeholder,
        maxLength: 200,
      },
    ],
    actions: [{ type: 'Action.Submit', title: 'Declare', data: { intent: DECLARE_FORM_INTENT } }],
  };
}

/** A form that says when it happened records the incident (`declare --past`); a blank one declares it live. */
function pastOf(text: string | undefined): Pick<Extract<Command, { kind: 'declare' }>, 'past'> {
  const past = parsePastTimes(text);
  return past ? { past } : {};
}

/** The declare command from the submitted form values. */
export function declareCommandFrom(data: Record<string, unknown>): Command {
  const text = (key: string): string | undefined => {
    const value = data[key];
    return typeof value === 'string' && value.trim() ? value.trim() : undefined;
  };
  const title = text('title');
  if (!title) throw IncidentError.invalid('title', 'An incident needs a title: say what happened.');
  const severity = text('severity');
  if (severity !== undefined && !isSeverity(severity))
    throw IncidentError.invalid('severity', `Severity must be one of ${SEVERITIES.join(', ')}.`);
  return {
    kind: 'declare',
    title,
    ...(text('summary') ? { summary: text('summary') } : {}),
    ...(text('impact') ? { impact: text('impact') } : {}),
    ...(severity ? { severity } : {}),
    ...pastOf(text(PAST_FIELD.id)),
  };
}
