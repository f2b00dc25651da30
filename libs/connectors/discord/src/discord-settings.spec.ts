import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import {
  DISCORD_ENVIRONMENT,
  discordSettingsFrom,
  requireCompleteDiscordConfig,
} from './discord-settings.js';

const schema = z.object(DISCORD_ENVIRONMENT).superRefine(requireCompleteDiscordConfig);
const problems = (environment: Record<string, string>) =>
  (schema.safeParse(environment).error?.issues ?? []).map(
    (issue) => `${issue.path.join('.')}: ${issue.message}`,
  );

describe('Discord configuration', () => {
  it('is off, without complaint, when no DISCORD_* variable is set', () => {
    expect(problems({})).toEqual([]);
    expect(discordSettingsFrom({})).toBeNull();
  });

  it('names the missing half when only one of token and application id is set', () => {
    expect(problems({ DISCORD_TOKEN: 'x'.repeat(60) })).toEqual([
      expect.stringMatching(/^DISCORD_APPLICATION_ID: is required/),
    ]);
    expect(problems({ DISCORD_GUILD_ID: '123456789012345678' })).toHaveLength(2);
  });

  it('checks the shape of ids, the public key and the API URL', () => {
    const found = problems({
      DISCORD_TOKEN: 'x'.repeat(60),
      DISCORD_APPLICATION_ID: 'my-app',
      DISCORD_PUBLIC_KEY: 'abc',
      DISCORD_API_URL: 'not a url',
    });
    expect(found.map((each) => each.split(':')[0])).toEqual([
      'DISCORD_APPLICATION_ID',
      'DISCORD_PUBLIC_KEY',
      'DISCORD_API_URL',
    ]);
  });

  it('builds settings with the optional parts null', () => {
    expect(
      discordSettingsFrom({ DISCORD_TOKEN: 't'.repeat(60), DISCORD_APPLICATION_ID: '123456789012345678' }),
    ).toEqual({
      token: 't'.repeat(60),
      applicationId: '123456789012345678',
      publicKey: null,
      guildId: null,
      adminRoleId: null,
      apiUrl: null,
      statusPageUrl: null,
    });
  });
});
