/**
 * `npm run discord:register`: registers the `/incident` command for the app DISCORD_APPLICATION_ID, in the
 * guild DISCORD_GUILD_ID when set (takes effect at once) or globally (may take up to an hour). REST calls go
 * to DISCORD_API_URL when set.
 */
import { z } from 'zod';
import {
  DISCORD_ENVIRONMENT,
  discordSettingsFrom,
  registerDiscordCommands,
  requireCompleteDiscordConfig,
} from '@firebreak/discord';

const parsed = z.object(DISCORD_ENVIRONMENT).superRefine(requireCompleteDiscordConfig).safeParse(process.env);
const settings = parsed.success ? discordSettingsFrom(parsed.data) : null;
if (!parsed.success || !settings) {
  const problems = parsed.success
    ? ['  DISCORD_TOKEN and DISCORD_APPLICATION_ID must be set']
    : parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
  console.error(`Cannot register Discord commands:\n${problems.join('\n')}`);
  process.exit(1);
}

registerDiscordCommands(settings)
  .then(({ scope, names }) => {
    const where = scope === 'guild' ? `guild ${settings.guildId}` : 'all guilds (global)';
    console.log(`Registered /${names.join(', /')} for ${where}.`);
  })
  .catch((error: unknown) => {
    console.error(`Discord refused the registration: ${String(error)}`);
    process.exit(1);
  });
