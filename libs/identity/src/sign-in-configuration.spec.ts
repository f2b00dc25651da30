import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DiscordSignIn } from './discord-sign-in.js';
import { ENTRA_ORGANIZATIONS_ISSUER, EntraSignIn } from './entra-sign-in.js';
import {
  requireCompleteSignInConfig,
  SIGN_IN_ENVIRONMENT,
  signInProviders,
  type SignInEnvironment,
} from './sign-in-configuration.js';

const membership = {
  allowedGuildIds: () => Promise.resolve(['123456789012345678']),
  allowedTenantIds: () => Promise.resolve(['72f988bf-86f1-41af-91ab-2d7cd011db47']),
};
const schema = z.object(SIGN_IN_ENVIRONMENT).passthrough().superRefine(requireCompleteSignInConfig);
const problems = (environment: Record<string, string>) =>
  (schema.safeParse(environment).error?.issues ?? []).map(
    (issue) => `${issue.path.join('.')}: ${issue.message}`,
  );

const DISCORD: SignInEnvironment = {
  DISCORD_APPLICATION_ID: '123456789012345678',
  DISCORD_TOKEN: 'bot-token-'.repeat(6),
  DISCORD_CLIENT_SECRET: 'discord-client-secret',
};
const TEAMS: SignInEnvironment = {
  MICROSOFT_APP_ID: '0e5a1f4c-2b3d-4e6f-8a9b-0c1d2e3f4a5b',
  MICROSOFT_APP_PASSWORD: 'teams-bot-password',
};

describe('signInProviders', () => {
  it('turns nothing on without a client secret: no sign-in without a configured provider', () => {
    expect(signInProviders({}, membership)).toEqual([]);
    const chatOnly = {
      DISCORD_APPLICATION_ID: DISCORD.DISCORD_APPLICATION_ID,
      DISCORD_TOKEN: DISCORD.DISCORD_TOKEN,
    };
    expect(signInProviders(chatOnly, membership)).toEqual([]);
  });

  it('turns Discord on with its client secret, the application id serving as client id', () => {
    const [discord] = signInProviders(DISCORD, membership);

    expect(discord).toBeInstanceOf(DiscordSignIn);
    expect({ id: discord.id, label: discord.label }).toEqual({ id: 'discord', label: 'Discord' });
  });

  it('turns Microsoft on with the Teams bot registration when no ENTRA_CLIENT_* is set', () => {
    const [entra] = signInProviders(TEAMS, membership);

    expect(entra).toBeInstanceOf(EntraSignIn);
    expect({ id: entra.id, label: entra.label }).toEqual({ id: 'entra', label: 'Microsoft' });
  });

  it('lists Discord before Microsoft when both are configured', () => {
    expect(signInProviders({ ...TEAMS, ...DISCORD }, membership).map((provider) => provider.id)).toEqual([
      'discord',
      'entra',
    ]);
  });

  it('leaves Discord off without the bot token it reads members with', () => {
    expect(signInProviders({ ...DISCORD, DISCORD_TOKEN: undefined }, membership)).toEqual([]);
  });
});

describe('the sign-in configuration', () => {
  it('defaults the Entra issuer to the multi-tenant organizations endpoint', () => {
    expect(schema.parse({}).ENTRA_ISSUER_URL).toBe(ENTRA_ORGANIZATIONS_ISSUER);
  });

  it('accepts a complete Discord or Entra configuration, and none at all', () => {
    expect(problems({})).toEqual([]);
    expect(problems({ ...DISCORD } as Record<string, string>)).toEqual([]);
    expect(problems({ ENTRA_CLIENT_ID: 'app', ENTRA_CLIENT_SECRET: 'secret' })).toEqual([]);
    expect(problems({ ...TEAMS } as Record<string, string>)).toEqual([]);
  });

  it('names the missing half of a Discord client', () => {
    expect(problems({ DISCORD_CLIENT_SECRET: 'secret' })).toEqual([
      expect.stringMatching(/^DISCORD_CLIENT_ID: is required with DISCORD_CLIENT_SECRET/),
      expect.stringMatching(/^DISCORD_TOKEN: is required with DISCORD_CLIENT_SECRET/),
    ]);
    expect(problems({ DISCORD_CLIENT_ID: '123456789012345678' })).toEqual([
      'DISCORD_CLIENT_SECRET: is required with DISCORD_CLIENT_ID',
    ]);
  });

  it('names the missing half of an Entra client, pointing at the Teams variables it falls back to', () => {
    expect(problems({ ENTRA_CLIENT_SECRET: 'secret' })).toEqual([
      expect.stringMatching(/^ENTRA_CLIENT_ID: .*MICROSOFT_APP_ID/),
    ]);
    expect(problems({ ENTRA_CLIENT_ID: 'app' })).toEqual([
      expect.stringMatching(/^ENTRA_CLIENT_SECRET: .*MICROSOFT_APP_PASSWORD/),
    ]);
  });

  it('checks the shape of the Discord client id and the issuer URL', () => {
    expect(
      problems({
        DISCORD_TOKEN: 'bot-token-'.repeat(6),
        DISCORD_CLIENT_ID: 'my-app',
        DISCORD_CLIENT_SECRET: 's',
        ENTRA_ISSUER_URL: 'login.microsoftonline.com',
      })
        .map((each) => each.split(':')[0])
        .sort(),
    ).toEqual(['DISCORD_CLIENT_ID', 'ENTRA_ISSUER_URL']);
  });

  it('treats an empty secret as unset', () => {
    expect(schema.parse({ DISCORD_CLIENT_SECRET: '  ', ENTRA_CLIENT_SECRET: '' })).toMatchObject({
      DISCORD_CLIENT_SECRET: undefined,
      ENTRA_CLIENT_SECRET: undefined,
    });
  });
});
