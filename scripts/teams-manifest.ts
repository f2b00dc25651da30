/**
 * `npm run teams:manifest [-- <path.zip>]`: writes the Teams app package (manifest, command list, message
 * action, icons) for the bot MICROSOFT_APP_ID, ready to sideload. Default path: dist/teams-app.zip.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { teamsAppPackage } from '@firebreak/teams';

const appId = process.env['MICROSOFT_APP_ID']?.trim();
if (!appId) {
  console.error('MICROSOFT_APP_ID must be set: the Teams app package names the bot by its Microsoft App id.');
  process.exit(1);
}
const target = resolve(process.argv[2] ?? 'dist/teams-app.zip');
mkdirSync(dirname(target), { recursive: true });
writeFileSync(
  target,
  teamsAppPackage({
    appId,
    version: process.env['TEAMS_APP_VERSION'] ?? '1.0.0',
    websiteUrl: process.env['TEAMS_APP_WEBSITE_URL'],
  }),
);
console.log(`Teams app package written to ${target}`);
