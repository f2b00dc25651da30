import { message, type NeutralMessage } from '../model/neutral-message.js';

/** How many channels a workspace may hold: Discord's per guild, Microsoft Teams' per team (deleted ones count). */
export const CHANNEL_LIMITS = { discord: 500, teams: 1000 } as const;
export type ChannelLimitPlatform = keyof typeof CHANNEL_LIMITS;

/** From this share of the limit on, each incident that opens a channel warns. */
export const CHANNEL_LIMIT_WARNING_SHARE = 0.9;

const WHAT_TO_DO: Readonly<Record<ChannelLimitPlatform, string>> = {
  discord:
    'Delete incident channels you no longer need (closed incidents keep their record in Firebreak; their ' +
    'channels are in the archive category), or run `/incident setup` in another server.',
  teams:
    'Delete incident channels you no longer need (closed ones are archived; deleted channels still count for ' +
    '30 days), or set MICROSOFT_TEAMS_INCIDENT_SPACE=thread so incidents get threads instead of channels.',
};

const WHERE: Readonly<Record<ChannelLimitPlatform, string>> = {
  discord: 'This Discord server',
  teams: 'This team',
};

/**
 * The warning posted in the incidents channel when a workspace nears its channel limit, or null while there is
 * room: what is used of what, what happens at the limit, and what to do about it.
 */
export function channelLimitWarning(
  platform: ChannelLimitPlatform,
  used: number,
  incidentRef: string | null,
): NeutralMessage | null {
  const limit = CHANNEL_LIMITS[platform];
  if (used < Math.ceil(limit * CHANNEL_LIMIT_WARNING_SHARE)) return null;
  const consequence =
    used >= limit
      ? 'It is full: new incidents cannot get a channel of their own.'
      : `At ${limit.toLocaleString('en')}, new incidents cannot get a channel of their own.`;
  return message(
    `${WHERE[platform]} has ${used.toLocaleString('en')} of its ${limit.toLocaleString('en')} channels. ${consequence} ${WHAT_TO_DO[platform]}`,
    { title: 'Running out of channels', tone: 'warning', incidentRef },
  );
}
