import { COMMAND_DOCS } from '@firebreak/incident';
import { ADD_TO_TIMELINE_COMMAND } from './firebreak-teams.bot.js';

export const TEAMS_MANIFEST_VERSION = '1.17';

export interface TeamsAppManifestInput {
  /** MICROSOFT_APP_ID: the app id and the bot id. */
  readonly appId: string;
  readonly version?: string;
  /** https page about this deployment (developer website, privacy and terms links). */
  readonly websiteUrl?: string;
  readonly developerName?: string;
}

/** Teams shows at most 10 commands per command list; these come first, the rest of the language after. */
const COMMAND_LIST_ORDER = [
  'declare',
  'help',
  'list',
  'show',
  'lead',
  'status',
  'sev',
  'update',
  'resolve',
  'close',
];
const MAX_COMMANDS = 10;
const BOT_SCOPES = ['team', 'personal', 'groupChat'];

/** The app manifest (schema 1.17): the bot with its command list, and the "Add to incident timeline" action. */
export function teamsAppManifest(input: TeamsAppManifestInput): Record<string, unknown> {
  const website = input.websiteUrl ?? 'https://www.example.com/firebreak';
  return {
    $schema: `https://developer.microsoft.com/en-us/json-schemas/teams/v${TEAMS_MANIFEST_VERSION}/MicrosoftTeams.schema.json`,
    manifestVersion: TEAMS_MANIFEST_VERSION,
    version: input.version ?? '1.0.0',
    id: input.appId,
    developer: {
      name: input.developerName ?? 'Firebreak',
      websiteUrl: website,
      privacyUrl: website,
      termsOfUseUrl: website,
    },
    name: { short: 'Firebreak', full: 'Firebreak incident response' },
    description: {
      short: 'Declare and run incidents from Teams.',
      full:
        'Firebreak runs the incident process from chat: declare an incident with @Firebreak, get a dedicated ' +
        'thread with a live card, take roles, post public updates, capture messages into the timeline, ' +
        'resolve and close. Type "@Firebreak help" for every command.',
    },
    icons: { color: 'color.png', outline: 'outline.png' },
    accentColor: '#D9480F',
    bots: [
      {
        botId: input.appId,
        scopes: BOT_SCOPES,
        supportsFiles: false,
        isNotificationOnly: false,
        commandLists: [{ scopes: BOT_SCOPES, commands: commandList() }],
      },
    ],
    composeExtensions: [
      {
        botId: input.appId,
        commands: [
          {
            id: ADD_TO_TIMELINE_COMMAND,
            type: 'action',
            title: 'Add to incident timeline',
            description: "Add this message to the timeline of the thread's incident",
            context: ['message'],
            fetchTask: false,
            parameters: [
              {
                name: 'ref',
                title: 'Incident',
                description: 'INC-n (leave empty inside an incident thread)',
                inputType: 'text',
              },
            ],
          },
        ],
      },
    ],
    permissions: ['identity', 'messageTeamMembers'],
    validDomains: [],
    // Resource-specific consent, per team: every message of its channels (not only @mentions), so a reaction
    // in an incident thread can pin the message with its author and text; and its members with their roles,
    // so `setup` can tell the team's owners from its members.
    webApplicationInfo: { id: input.appId, resource: 'https://RscBasedStoreApp' },
    authorization: {
      permissions: {
        resourceSpecific: [
          { name: 'ChannelMessage.Read.Group', type: 'Application' },
          { name: 'TeamMember.Read.Group', type: 'Application' },
        ],
      },
    },
  };
}

function commandList(): Array<{ title: string; description: string }> {
  const words = [
    ...COMMAND_LIST_ORDER.filter((word) => COMMAND_DOCS[word]),
    ...Object.keys(COMMAND_DOCS).filter((word) => !COMMAND_LIST_ORDER.includes(word)),
  ].slice(0, MAX_COMMANDS);
  return words.map((word) => ({
    title: word,
    description: truncate(`${COMMAND_DOCS[word]!.description} Usage: ${COMMAND_DOCS[word]!.usage}`, 128),
  }));
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
