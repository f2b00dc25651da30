/** The Teams app package: a zip Teams accepts for sideloading (manifest 1.17, bot, commands, message action, icons). */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManifestUtil } from '@microsoft/app-manifest';
import { describe, expect, it } from 'vitest';
import { COMMAND_DOCS } from '@firebreak/incident';
import { ADD_TO_TIMELINE_COMMAND, TEAMS_MANIFEST_VERSION, teamsAppPackage } from '@firebreak/teams';
import { pngSize, readZip } from './support/teams-zip.js';

const APP_ID = '7c4d3b2a-1f0e-4d9c-8b7a-6e5f4d3c2b1a';

interface Manifest {
  manifestVersion: string;
  id: string;
  version: string;
  icons: { color: string; outline: string };
  name: { short: string; full: string };
  description: { short: string; full: string };
  developer: Record<string, string>;
  bots: Array<{
    botId: string;
    scopes: string[];
    commandLists: Array<{ scopes: string[]; commands: Array<{ title: string; description: string }> }>;
  }>;
  composeExtensions: Array<{
    botId: string;
    commands: Array<{ id: string; type: string; context: string[]; title: string }>;
  }>;
}

/** Microsoft's Teams app manifest schema for a version, as `@microsoft/app-manifest` ships it (no download). */
function manifestSchema(version: string): object {
  const file = createRequire(import.meta.url).resolve(
    `@microsoft/app-manifest/build/json-schemas/teams/v${version}/MicrosoftTeams.schema.json`,
  );
  return JSON.parse(readFileSync(file, 'utf8')) as object;
}

/** What Microsoft's validator (Ajv for the schema's draft-04, with its formats) finds wrong with a manifest. */
const schemaErrors = (manifest: object): Promise<string[]> =>
  ManifestUtil.validateManifestAgainstSchema(
    manifest as never,
    manifestSchema(TEAMS_MANIFEST_VERSION) as never,
  );

describe('teamsAppPackage', () => {
  const entries = readZip(teamsAppPackage({ appId: APP_ID }));
  const manifest = JSON.parse(entries.get('manifest.json')!.toString('utf8')) as Manifest;

  it('holds exactly the manifest and the two icons', () => {
    expect([...entries.keys()].sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
  });

  it('is a manifest 1.17 naming the bot by MICROSOFT_APP_ID', () => {
    expect(manifest.manifestVersion).toBe('1.17');
    expect(manifest.id).toBe(APP_ID);
    expect(manifest.bots[0]!.botId).toBe(APP_ID);
    expect(manifest.bots[0]!.scopes).toEqual(expect.arrayContaining(['team', 'personal']));
    expect(manifest.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(manifest.name.short.length).toBeLessThanOrEqual(30);
    expect(manifest.description.short.length).toBeLessThanOrEqual(80);
    for (const url of ['websiteUrl', 'privacyUrl', 'termsOfUseUrl'])
      expect(manifest.developer[url]).toMatch(/^https:\/\//);
  });

  it("passes Microsoft's Teams manifest schema of the version it declares", async () => {
    expect(manifest.manifestVersion).toBe(TEAMS_MANIFEST_VERSION);
    expect(await schemaErrors(manifest)).toEqual([]);
    const configured = readZip(
      teamsAppPackage({
        appId: APP_ID,
        version: '2.3.14',
        websiteUrl: 'https://firebreak.example.org/teams',
        developerName: 'Équipe Fiabilité — Zürich',
      }),
    ).get('manifest.json')!;
    expect(await schemaErrors(JSON.parse(configured.toString('utf8')) as object)).toEqual([]);
  });

  it('checks with a validator that finds what Teams would refuse', async () => {
    const broken = {
      ...manifest,
      description: { ...manifest.description, short: 'Declare and run incidents from Teams. '.repeat(3) },
      bots: [{ ...manifest.bots[0], scopes: ['everyone'] }],
    };
    expect(await schemaErrors(broken)).toEqual([
      expect.stringContaining('/description/short must NOT have more than 80 characters'),
      expect.stringContaining('/bots/0/scopes/0 must be equal to one of the allowed values'),
    ]);
  });

  it('lists commands from the command language within Teams limits (10 per list, 32/128 characters)', () => {
    const commands = manifest.bots[0]!.commandLists[0]!.commands;
    expect(commands.length).toBeGreaterThan(0);
    expect(commands.length).toBeLessThanOrEqual(10);
    for (const command of commands) {
      expect(Object.keys(COMMAND_DOCS)).toContain(command.title);
      expect(command.title.length).toBeLessThanOrEqual(32);
      expect(command.description.length).toBeLessThanOrEqual(128);
    }
    expect(commands.map((command) => command.title)).toEqual(
      expect.arrayContaining(['declare', 'help', 'resolve']),
    );
  });

  it('declares the "Add to incident timeline" message action the bot handles', () => {
    expect(manifest.composeExtensions[0]).toMatchObject({
      botId: APP_ID,
      commands: [
        {
          id: ADD_TO_TIMELINE_COMMAND,
          type: 'action',
          context: ['message'],
          title: 'Add to incident timeline',
        },
      ],
    });
  });

  it('asks for the resource-specific permissions to read the team’s channel messages and its members’ roles', () => {
    const raw = manifest as unknown as {
      webApplicationInfo: { id: string };
      authorization: { permissions: { resourceSpecific: Array<{ name: string; type: string }> } };
    };
    expect(raw.webApplicationInfo.id).toBe(APP_ID);
    expect(raw.authorization.permissions.resourceSpecific).toEqual([
      { name: 'ChannelMessage.Read.Group', type: 'Application' },
      { name: 'TeamMember.Read.Group', type: 'Application' },
    ]);
  });

  it('ships a 192x192 colour icon and a 32x32 outline icon as PNGs', () => {
    expect(pngSize(entries.get(manifest.icons.color)!)).toEqual({ width: 192, height: 192 });
    expect(pngSize(entries.get(manifest.icons.outline)!)).toEqual({ width: 32, height: 32 });
  });

  it('is readable by the system unzip, when there is one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'teams-zip-'));
    try {
      const file = join(dir, 'app.zip');
      writeFileSync(file, teamsAppPackage({ appId: APP_ID }));
      let listing: string;
      try {
        listing = execFileSync('unzip', ['-t', file], { encoding: 'utf8' });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
        throw error;
      }
      expect(listing).toContain('No errors detected');
      expect(readFileSync(file).length).toBeGreaterThan(100);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
