import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ChannelType,
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandOption,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { COMPONENT_STATUSES, SETTABLE_STATUSES, SEVERITIES } from '@firebreak/incident';

/** The one slash command; every subcommand mirrors a word of the command language. */
const INCIDENT_COMMAND_NAME = 'incident';

const choices = (values: readonly string[]) => values.map((value) => ({ name: value, value }));

const incidentOption: APIApplicationCommandBasicOption = {
  type: ApplicationCommandOptionType.String,
  name: 'incident',
  description: 'Incident reference (default: the incident of this channel)',
  autocomplete: true,
  required: false,
};

const text = (name: string, description: string, required = true): APIApplicationCommandBasicOption => ({
  type: ApplicationCommandOptionType.String,
  name,
  description,
  required,
  max_length: 4000,
});

function subcommand(
  name: string,
  description: string,
  options: APIApplicationCommandBasicOption[] = [],
  onIncident = true,
): APIApplicationCommandOption {
  // Discord wants required options before optional ones.
  const all = onIncident ? [...options, incidentOption] : options;
  const ordered = [...all.filter((each) => each.required), ...all.filter((each) => !each.required)];
  return { type: ApplicationCommandOptionType.Subcommand, name, description, options: ordered };
}

const roleSubcommand = (role: string, title: string) =>
  subcommand(role, `Take the ${title} role, or give it to someone`, [
    {
      type: ApplicationCommandOptionType.User,
      name: 'user',
      description: 'Who gets the role (default: you)',
    },
  ]);

/** The `/incident` definition used by `npm run discord:register` and by the tests. */
export const INCIDENT_COMMAND: RESTPostAPIChatInputApplicationCommandsJSONBody = {
  type: ApplicationCommandType.ChatInput,
  name: INCIDENT_COMMAND_NAME,
  description: 'Run an incident from Discord',
  options: [
    subcommand(
      'declare',
      'Declare an incident (opens a form without a title)',
      [
        text('title', 'What is broken, in a few words', false),
        {
          type: ApplicationCommandOptionType.String,
          name: 'severity',
          description: 'How bad it is',
          choices: choices(SEVERITIES),
        },
        text('summary', 'What we know so far', false),
        text('impact', 'Who or what is affected', false),
      ],
      false,
    ),
    subcommand('summary', 'Set the summary', [text('text', 'The new summary')]),
    subcommand('impact', 'Set the impact', [text('text', 'Who or what is affected')]),
    subcommand('sev', 'Change the severity', [
      {
        type: ApplicationCommandOptionType.String,
        name: 'level',
        description: 'New severity',
        required: true,
        choices: choices(SEVERITIES),
      },
    ]),
    subcommand('status', 'Change the status', [
      {
        type: ApplicationCommandOptionType.String,
        name: 'state',
        description: 'New status',
        required: true,
        choices: choices(SETTABLE_STATUSES),
      },
    ]),
    roleSubcommand('lead', 'incident lead'),
    roleSubcommand('scribe', 'scribe'),
    roleSubcommand('comms', 'communications lead'),
    subcommand('action', 'Log an action taken', [text('text', 'What was done')]),
    subcommand('followup', 'Add a follow-up item', [
      text('text', 'What needs doing after the incident'),
      { type: ApplicationCommandOptionType.User, name: 'owner', description: 'Who owns it' },
      {
        type: ApplicationCommandOptionType.String,
        name: 'due',
        description: 'Due date, YYYY-MM-DD',
        min_length: 10,
        max_length: 10,
      },
    ]),
    subcommand(
      'update',
      'Publish a public update now; --at 14:30 Europe/London or --in 30m before the text schedules it',
      [text('text', 'The update customers see (or: --draft <text>, template <name>)')],
    ),
    subcommand(
      'run',
      'Any other command as you would type it: review rca …, updates, approve 3, snooze 30m, publish …',
      [text('command', 'e.g. "review rca The pool was too small" or "cancel update 2"')],
      false,
    ),
    subcommand('component', 'Set the public status of a component', [
      {
        type: ApplicationCommandOptionType.String,
        name: 'name',
        description: 'Component',
        required: true,
        autocomplete: true,
      },
      {
        type: ApplicationCommandOptionType.String,
        name: 'status',
        description: 'Its status',
        required: true,
        choices: choices(COMPONENT_STATUSES),
      },
    ]),
    subcommand('resolve', 'Mark the incident resolved'),
    subcommand('close', 'Close a resolved incident (lead or admins)', [
      text('override', 'Close anyway despite open follow-ups or review: the reason', false),
    ]),
    subcommand('list', 'List open incidents', [], false),
    subcommand('show', 'Show an incident'),
    subcommand('help', 'How to use Firebreak', [text('topic', 'A command to explain', false)], false),
    subcommand(
      'setup',
      'Make this channel the incidents channel (admins)',
      [
        {
          type: ApplicationCommandOptionType.Channel,
          name: 'category',
          description: 'Category for new incident channels (default: this channel’s category)',
          channel_types: [ChannelType.GuildCategory],
        },
        {
          type: ApplicationCommandOptionType.Channel,
          name: 'archive_category',
          description:
            'Category closed incident channels move to, taking its permissions (default: they stay)',
          channel_types: [ChannelType.GuildCategory],
        },
      ],
      false,
    ),
  ],
};

export const DISCORD_COMMANDS: readonly RESTPostAPIChatInputApplicationCommandsJSONBody[] = [
  INCIDENT_COMMAND,
];
