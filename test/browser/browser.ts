import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import axe from 'axe-core';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'status-page');

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * Whether the browser suite can run. Under CI=true a missing Debian chromium is a failure (never a silent
 * skip); on a workstation the suite is skipped with a message saying how to install it.
 */
export function chromiumAvailability(): { readonly run: boolean; readonly reason: string | null } {
  if (existsSync(CHROMIUM)) return { run: true, reason: null };
  const reason = `Debian chromium is not installed at ${CHROMIUM} (apt-get install -y chromium, see .ci/browser-deps)`;
  if (process.env['CI'] === 'true')
    throw new Error(`${reason}; CI=true, so the browser tests fail instead of skipping.`);
  console.warn(`SKIPPING browser tests: ${reason}`);
  return { run: false, reason };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
}

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: readonly { readonly target: readonly string[]; readonly html: string }[];
}

/**
 * Runs axe-core (all default rules, WCAG 2.x A/AA and best practices) in the page; answers the violations.
 * Evaluated through DevTools rather than added as a script tag, which the page's policy would refuse.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axe.source);
  // A string, not a function: the test build has no DOM types.
  const results = (await page.evaluate('axe.run(document)')) as { violations: AxeViolation[] };
  return results.violations.map(({ id, impact, help, nodes }) => ({
    id,
    impact,
    help,
    nodes: nodes.map(({ target, html }) => ({ target, html })),
  }));
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/**
 * Collects every Content-Security-Policy violation in a context's pages: Chromium's own console messages
 * ("Refused to load …", "Refused to execute inline script …") and the `securitypolicyviolation` events, which
 * an init script (run by DevTools, so the policy does not apply to it) reports to the console.
 */
export async function watchPolicyViolations(
  context: BrowserContext,
  violations: string[] = [],
): Promise<string[]> {
  await context.addInitScript(`document.addEventListener('securitypolicyviolation', (event) =>
    console.error('CSP violation: ' + event.violatedDirective + ' blocked ' + event.blockedURI));`);
  context.on('console', (message) => {
    const text = message.text();
    if (/Refused to|Content Security Policy|CSP violation/.test(text))
      violations.push(`${message.location().url}: ${text}`);
  });
  return violations;
}
