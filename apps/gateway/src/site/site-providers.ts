import { type ChatWorkspaceRepository } from '@firebreak/incident';
import { signInProviders, type SignInEnvironment, type SignInProvider } from '@firebreak/identity';

/** Nest token for the configured sign-in providers (an empty list when none is configured). */
export const SIGN_IN_PROVIDERS = Symbol('SIGN_IN_PROVIDERS');

/**
 * The providers the configuration turns on, letting in the members of the workspaces set up in Firebreak,
 * read at each sign-in: Discord guilds, and the tenants of the Teams teams.
 */
export function siteSignInProviders(
  environment: SignInEnvironment,
  workspaces: ChatWorkspaceRepository,
): SignInProvider[] {
  return signInProviders(environment, {
    allowedGuildIds: async () => (await workspaces.list('discord')).map((guild) => guild.workspaceId),
    allowedTenantIds: async () => {
      const teams = await workspaces.list('teams');
      const tenants = teams.map((team) => team.settings.tenantId).filter((id) => typeof id === 'string');
      return [...new Set(tenants as string[])];
    },
  });
}
