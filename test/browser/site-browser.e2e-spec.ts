import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { DiscordConnector } from '@firebreak/discord';
import { ChatWorkspaceRepository, IncidentService } from '@firebreak/incident';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../fakes/discord/fake-discord.js';
import { freePort } from '../support/app-process.js';
import { discordEnvironment, setUpIncidentsChannel } from '../support/discord-gateway.js';
import { startGateway, TempDatabase } from '../support/gateway-app.js';
import { LocalOpenIdProvider, type EntraAccount } from '../support/local-openid-provider.js';
import {
  ARTIFACTS,
  axeViolations,
  chromiumAvailability,
  launchChromium,
  watchPolicyViolations,
} from './browser.js';

const availability = chromiumAvailability();
const WAIT = { timeout: 15_000, interval: 100 };
const CONTOSO = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const FABRIKAM = 'b9c5e3a1-0d4e-4f7a-9c1b-5a2e8f3d6c70';
const RENEE: EntraAccount = {
  login: 'renee@contoso.example',
  tid: CONTOSO,
  oid: '0f3c2b9e-6a1d-4e58-9b7c-1d2e3f4a5b6c',
  name: 'Renée Dubois-Łukasik 🚒',
};
const KOFI: EntraAccount = {
  login: 'kofi@fabrikam.example',
  tid: FABRIKAM,
  oid: '3a4b5c6d-7e8f-4a0b-9c1d-2e3f4a5b6c7d',
  name: 'Kofi Mensah',
};

/**
 * The responders' site in Debian's chromium, against the real gateway: sign-in through the fake Discord's
 * OAuth2 and through oidc-provider (playing Entra ID), the command box, a pin made in a Discord channel
 * arriving on the open page without a reload, two browsers editing the review, a follow-up ticked, axe on
 * every page in light and dark, the keyboard, 320 px, and outsiders seeing nothing.
 */
describe.skipIf(!availability.run)("the responders' site in a real browser", { timeout: 120_000 }, () => {
  const database = new TempDatabase();
  let fake: FakeDiscord;
  let idp: LocalOpenIdProvider;
  let app: INestApplication;
  let site: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const violations: string[] = [];

  async function newContext(options: Parameters<Browser['newContext']>[0] = {}): Promise<BrowserContext> {
    const context = await browser.newContext(options);
    await watchPolicyViolations(context, violations);
    contexts.push(context);
    return context;
  }

  async function signInWithDiscord(user = fake.users.alice, options = {}): Promise<Page> {
    fake.oauth2.signInAs(user);
    const page = await (await newContext(options)).newPage();
    await page.goto(`${site}/site/incidents`);
    await page.getByRole('link', { name: 'Sign in with Discord' }).click();
    await page.waitForLoadState();
    return page;
  }

  async function signInWithEntra(account: EntraAccount): Promise<Page> {
    const page = await (await newContext()).newPage();
    await page.goto(`${site}/site/sign-in`);
    await page.getByRole('link', { name: 'Sign in with Microsoft' }).click();
    await page.locator('input[name="login"]').fill(account.login);
    await page.locator('input[name="password"]').fill('any password');
    await page.locator('button[type="submit"]').click();
    await page.waitForURL((url) => url.href.startsWith(site) || url.pathname.includes('consent') || true);
    if (!page.url().startsWith(site)) await page.locator('button[type="submit"]').click();
    await page.waitForURL((url) => url.href.startsWith(site));
    return page;
  }

  async function runCommand(page: Page, text: string): Promise<string> {
    await page.locator('#command-text').fill(text);
    await page.locator('#command-text').press('Enter');
    await page.waitForLoadState();
    return page.locator('.reply').innerText();
  }

  beforeAll(async () => {
    fake = await FakeDiscord.start();
    const port = await freePort();
    site = `http://127.0.0.1:${port}`;
    fake.oauth2.registerRedirectUri(`${site}/site/auth/discord/callback`);
    idp = await LocalOpenIdProvider.start({
      redirectUris: [`${site}/site/auth/entra/callback`],
      accounts: [RENEE, KOFI],
    });
    const environment = {
      ...discordEnvironment(fake),
      DISCORD_CLIENT_SECRET: fake.oauth2.clientSecret,
      ENTRA_ISSUER_URL: idp.issuer,
      ENTRA_CLIENT_ID: idp.clientId,
      ENTRA_CLIENT_SECRET: idp.clientSecret,
      SITE_BASE_URL: site,
    };
    app = await startGateway(database.url, environment, port);
    await app.get(DiscordConnector).ready();
    await setUpIncidentsChannel(app, fake);
    await app.get(ChatWorkspaceRepository).save({
      platform: 'teams',
      workspaceId: '19:contoso-ops@thread.tacv2',
      incidentsChannelId: null,
      settings: { tenantId: CONTOSO },
      updatedAt: new Date(),
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await app?.close();
    await idp?.stop();
    await fake?.stop();
    database.remove();
  });

  it('signs a guild member in through Discord, and declares from the command box as them', async () => {
    const page = await signInWithDiscord();
    expect(new URL(page.url()).pathname).toBe('/site/incidents');
    expect(await page.locator('.who').innerText()).toBe('Alice');

    const reply = await runCommand(page, 'declare Payments API returns 502 for Zoë’s café ☕');

    expect(reply).toContain('Declared INC-1.');
    const incident = await app.get(IncidentService).getIncident('INC-1');
    expect(incident.roles.reporter).toEqual({ id: `discord:${fake.users.alice.id}`, displayName: 'Alice' });
  });

  it('shows a pin made in the Discord channel on the open page, without a reload', async () => {
    const incidents = app.get(IncidentService);
    await expect.poll(async () => (await incidents.getIncident('INC-1')).spaces.length, WAIT).toBe(1);
    const channelId = (await incidents.getIncident('INC-1')).spaces[0]!.channelId;
    const page = await signInWithDiscord();
    await page.goto(`${site}/site/incidents/INC-1`);
    await page.locator('body[data-live-connected]').waitFor(WAIT);
    await page.evaluate('window.sameDocument = true');

    const posted = fake.postAsUser(
      channelId,
      fake.users.bob,
      'Root cause: the TLS certificate of pay-gw expired at 14:02',
    );
    fake.pinAsUser(channelId, fake.users.alice, posted.id);

    const pin = page.locator('[data-live-region="timeline"] .pin blockquote');
    await expect
      .poll(() => pin.allInnerTexts(), WAIT)
      .toEqual(['Root cause: the TLS certificate of pay-gw expired at 14:02']);
    expect(await page.evaluate('window.sameDocument')).toBe(true);
    expect(await page.locator('.pin a', { hasText: 'Jump to the message' }).getAttribute('href')).toContain(
      posted.id,
    );
  });

  it('ticks a follow-up done', async () => {
    const page = await signInWithDiscord();
    await page.goto(`${site}/site/incidents/INC-1`);
    await runCommand(page, 'followup Renew certificates 30 days before expiry');
    await page.getByRole('button', { name: /^Mark #\d+ done: Renew certificates/ }).click();
    await page.waitForLoadState();
    expect(await page.locator('.item.done .item-text').allInnerTexts()).toEqual([
      expect.stringContaining('Renew certificates 30 days before expiry'),
    ]);
  });

  it('refuses the second of two browsers saving the review from the same revision, showing the conflict', async () => {
    const alice = await signInWithDiscord();
    await alice.goto(`${site}/site/incidents/INC-1`);
    await runCommand(alice, 'resolve');
    const bob = await signInWithDiscord(fake.users.alice);
    await alice.goto(`${site}/site/incidents/INC-1/review`);
    await bob.goto(`${site}/site/incidents/INC-1/review`);

    await alice.locator('#review-markdown').fill('## Summary\n\nThe certificate expired; Alice’s version.');
    await alice.getByRole('button', { name: 'Save' }).click();
    await alice.waitForLoadState();
    await bob.locator('#review-markdown').fill('## Summary\n\nBob’s version, written meanwhile.');
    await bob.getByRole('button', { name: 'Save' }).click();
    await bob.waitForLoadState();

    expect(await bob.getByRole('alert').innerText()).toContain('Not saved: someone saved revision');
    expect(await bob.locator('#review-markdown').inputValue()).toContain('Bob’s version');
    expect(await bob.locator('section[aria-labelledby="saved-heading"]').innerText()).toContain(
      'Alice’s version',
    );
  });

  it('signs a person of a set-up tenant in through Entra ID, as their Teams identity', async () => {
    const page = await signInWithEntra(RENEE);
    expect(new URL(page.url()).pathname).toBe('/site/incidents');
    expect(await page.locator('.who').innerText()).toBe('Renée Dubois-Łukasik 🚒');
    expect(await page.locator('table.incidents a', { hasText: 'INC-1' }).count()).toBe(1);
  });

  it('shows nothing to a signed-out visitor, a member of another tenant or of another Discord server only', async () => {
    const kofi = await signInWithEntra(KOFI);
    expect(await kofi.getByRole('alert').innerText()).toContain('not a member');
    const outsider = await signInWithDiscord(
      fake.oauth2.addOutsider('élodie.chen', 'Élodie 陈', 'Nébuleuse Ops'),
    );
    expect(await outsider.getByRole('alert').innerText()).toContain('not a member');
    for (const page of [kofi, outsider, await (await newContext()).newPage()]) {
      await page.goto(`${site}/site/incidents/INC-1`);
      expect(new URL(page.url()).pathname).toBe('/site/sign-in');
      expect(await page.content()).not.toContain('Payments API');
    }
  });

  for (const colorScheme of ['light', 'dark'] as const)
    it(`has no axe-core violations on any page (${colorScheme})`, async () => {
      const page = await signInWithDiscord(fake.users.alice, { colorScheme });
      for (const path of [
        '/site/incidents',
        '/site/incidents/INC-1',
        '/site/incidents/INC-1/review',
        '/site/insights',
      ]) {
        await page.goto(`${site}${path}`);
        expect({ path, violations: await axeViolations(page) }).toEqual({ path, violations: [] });
      }
      const signIn = await (await newContext({ colorScheme })).newPage();
      await signIn.goto(`${site}/site/sign-in`);
      expect(await axeViolations(signIn)).toEqual([]);
    });

  it('fits a 320 px screen without sideways scrolling', async () => {
    const page = await signInWithDiscord(fake.users.alice, { viewport: { width: 320, height: 640 } });
    for (const path of ['/site/incidents', '/site/incidents/INC-1', '/site/insights']) {
      await page.goto(`${site}${path}`);
      const overflow = await page.evaluate(
        'document.documentElement.scrollWidth - document.documentElement.clientWidth',
      );
      expect({ path, overflow }).toEqual({ path, overflow: 0 });
    }
  });

  it('can be used with the keyboard alone: skip link, then the command box', async () => {
    const page = await signInWithDiscord();
    await page.goto(`${site}/site/incidents/INC-1`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Skip to content');
    let reached = false;
    for (let presses = 0; presses < 20 && !reached; presses += 1) {
      await page.keyboard.press('Tab');
      reached = (await page.evaluate('document.activeElement.id')) === 'command-text';
    }
    expect(reached).toBe(true);
    await page.keyboard.type('note Typed without a mouse');
    await page.keyboard.press('Enter');
    await page.waitForLoadState();
    expect(await page.locator('.reply').innerText()).toContain('INC-1');
    expect(await page.locator('[data-live-region="timeline"]').innerText()).toContain(
      'Typed without a mouse',
    );
  });

  it('takes the screenshot the README shows, and broke no Content-Security-Policy rule', async () => {
    const page = await signInWithDiscord(fake.users.alice, { viewport: { width: 1100, height: 1500 } });
    await page.goto(`${site}/site/incidents/INC-1`);
    await runCommand(
      page,
      'summary Card payments failed at checkout: the payment gateway’s TLS certificate had expired.',
    );
    await runCommand(page, 'impact About 40 % of checkouts failed for 25 minutes, in every region.');
    await page.goto(`${site}/site/incidents/INC-1`);
    mkdirSync(ARTIFACTS, { recursive: true });
    const shot = join(ARTIFACTS, 'site-incident.png');
    await page.screenshot({ path: shot });
    copyFileSync(shot, join(process.cwd(), 'docs', 'site.png'));
    expect(violations).toEqual([]);
  });
});
