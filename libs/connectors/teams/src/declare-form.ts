import { DECLARE_FORM, type FormField } from '@firebreak/chat';
import { message, type NeutralMessage } from '@firebreak/incident';
import { ADAPTIVE_CARD_CONTENT_TYPE, type AdaptiveCard } from './teams-card.renderer.js';

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
              title: DECLARE_FORM.title,
              data: { intent: DECLARE_FORM_INTENT, msteams: { type: 'task/fetch' } },
            },
          ],
        },
      },
    ],
  };
}

/** The shared declare form (`DECLARE_FORM`) as the task module's card; the bot translates it back with it too. */
export function declareFormCard(): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: DECLARE_FORM.fields.map(inputOf),
    actions: [
      { type: 'Action.Submit', title: DECLARE_FORM.submitLabel, data: { intent: DECLARE_FORM_INTENT } },
    ],
  };
}

function inputOf(field: FormField): Record<string, unknown> {
  const required = field.required
    ? { isRequired: true, errorMessage: field.errorMessage ?? `${field.label} is required.` }
    : {};
  if (field.choices) {
    return {
      type: 'Input.ChoiceSet',
      id: field.id,
      label: field.label,
      choices: field.choices.map((choice) => ({ title: choice, value: choice })),
      ...required,
    };
  }
  return {
    type: 'Input.Text',
    id: field.id,
    label: field.label,
    maxLength: field.maxLength,
    ...(field.placeholder ? { placeholder: field.placeholder } : {}),
    ...(field.multiline ? { isMultiline: true } : {}),
    ...required,
  };
}
