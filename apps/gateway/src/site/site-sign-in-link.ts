import { SystemClock } from '@firebreak/incident';
import { openDataSource, TypeOrmSiteSessionStore } from '@firebreak/persistence';
import { loadGatewayConfig } from '../config/gateway-config.js';
import { siteSettingsFrom } from './site-config.js';
import { SiteSessions } from './site-sessions.js';

/**
 * A one-time sign-in link for the local administrator, made against the gateway's own database (what
 * `npm start` prints, and `npm run site:sign-in-link` makes on demand): only its hash is stored.
 */
export async function newSiteSignInLink(environment: NodeJS.ProcessEnv = process.env): Promise<string> {
  const config = loadGatewayConfig(environment);
  const dataSource = await openDataSource({ databaseUrl: config.DATABASE_URL });
  try {
    const sessions = new SiteSessions(
      new TypeOrmSiteSessionStore(dataSource.manager),
      new SystemClock(),
      siteSettingsFrom(config),
    );
    return await sessions.createSignInLink();
  } finally {
    await dataSource.destroy();
  }
}
