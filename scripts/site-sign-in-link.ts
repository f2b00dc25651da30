/**
 * `npm run site:sign-in-link`: prints a one-time link that signs a browser in to the responders' site as the
 * local administrator (valid for SITE_SIGN_IN_LINK_MINUTES, once), for the gateway configured by the same
 * environment (DATABASE_URL, SITE_BASE_URL).
 */
import { ConfigurationError } from '../apps/gateway/src/config/gateway-config.js';
import { newSiteSignInLink } from '../apps/gateway/src/site/site-sign-in-link.js';

try {
  console.log(`Responders' site: ${await newSiteSignInLink()}`);
} catch (error) {
  console.error(
    error instanceof ConfigurationError ? error.message : `Cannot make a sign-in link: ${String(error)}`,
  );
  process.exitCode = 1;
}
