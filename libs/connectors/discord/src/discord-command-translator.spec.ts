import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  InteractionType,
  PermissionFlagsBits,
  type APIApplicationCommandInteractionDataBasicOption,
  type APIChatInputApplicationCommandInteraction,
} from 'discord.js';
import {
  IncidentError,
  IncidentErrorCode,
  requireWorkspaceAdministrator,
  WORKSPACE_SETUP_REFUSAL,
} from '@firebreak/incident';
import { describe, expect, it } from 'vitest';
import { standingOf, translateSlashCommand } from './discord-command-translator.js';

const ADMIN_ROLE = '900000000000000001';
const settings = { adminRoleId: ADMIN_ROLE };

function slash(
  subcommand: string,
  options: APIApplicationCommandInteractionDataBasicOption[] = [],
  member: { roles?: string[]; permissions?: bigint; nick?: string | null } = {},
  resolved?: APIChatInputApplicationCommandInteraction['data']['resolved'],
): APIChatInputApplicationCommandInteraction {
  return {
    id: '1234567890123456789',
    application_id: '1',
    type: InteractionType.ApplicationCommand,
    token: 'token',
    version: 1,
    channel_id: '5550000000000000000',
    guild_id: '4440000000000000000',
    member: {
      user: {
        id: '7770000000000000000',
        username: 'alice.oncall',
        global_name: 'Alice',
        discriminator: '0',
        avatar: null,
      },
      roles: member.roles ?? [],
      permissions: (member.permissions ?? 0n).toString(),
      nick: member.nick ?? null,
      joined_at: '2026-01-01T00:00:00Z',
      deaf: false,
      mute: false,
      flags: 0,
    },
    data: {
      id: '1',
      name: 'incident',
      type: ApplicationCommandType.ChatInput,
      options: [{ type: ApplicationCommandOptionType.Subcommand, name: subcommand, options }],
      ...(resolved ? { resolved } : {}),
    },
  } as unknown as APIChatInputApplicationCommandInteraction;
}

const str = (name: string, value: string): APIApplicationCommandInteractionDataBasicOption => ({
  name,
  type: ApplicationCommandOptionType.String,
  value,
});
const user = (name: string, value: string): APIApplicationCommandInteractionDataBasicOption => ({
  name,
  type: ApplicationCommandOptionType.User,
  value,
});

describe(translateSlashCommand.name, () => {
  it('reads declare options into a declare command with the actor, location and idempotency key', () => {
    const translation = translateSlashCommand(
      slash('declare', [str('title', 'DB down'), str('severity', 'critical'), str('impact', 'Checkout')]),
      settings,
    );
    expect(translation).toEqual({
      kind: 'command',
      command: { kind: 'declare', title: 'DB down', severity: 'critical', impact: 'Checkout' },
      private: false,
      context: {
        actor: { id: 'discord:7770000000000000000', displayName: 'Alice' },
        location: { platform: 'discord', channelId: '5550000000000000000' },
        idempotencyKey: 'discord:interaction:1234567890123456789',
        privileged: false,
        mentioned: {},
      },
    });
  });

  it('asks for the declare form when there is no title', () => {
    expect(translateSlashCommand(slash('declare'), settings)).toEqual({ kind: 'declare_form' });
  });

  it('turns a user option into a platform-qualified user and records their display name', () => {
    const translation = translateSlashCommand(
      slash(
        'lead',
        [user('user', '8880000000000000000'), str('incident', 'inc-4')],
        {},
        {
          users: {
            '8880000000000000000': {
              id: '8880000000000000000',
              username: 'bob.sre',
              global_name: 'Bob',
              discriminator: '0',
              avatar: null,
            },
          },
        },
      ),
      settings,
    );
    expect(translation).toMatchObject({
      command: { kind: 'role', role: 'lead', user: 'discord:8880000000000000000', ref: 'INC-4' },
      context: { mentioned: { 'discord:8880000000000000000': 'Bob' } },
    });
  });

  it('maps sev, status, component, followup and close to their commands', () => {
    const command = (sub: string, options: APIApplicationCommandInteractionDataBasicOption[]) => {
      const translation = translateSlashCommand(slash(sub, options), settings);
      return translation.kind === 'command' ? translation.command : null;
    };
    expect(command('sev', [str('level', 'minor')])).toEqual({
      kind: 'severity',
      ref: null,
      severity: 'minor',
    });
    expect(command('status', [str('state', 'monitoring')])).toEqual({
      kind: 'status',
      ref: null,
      status: 'monitoring',
    });
    expect(command('component', [str('name', 'API'), str('status', 'partial_outage')])).toEqual({
      kind: 'component',
      ref: null,
      component: 'API',
      status: 'partial_outage',
    });
    expect(command('followup', [str('text', 'Add alert'), str('due', '2026-12-31')])).toEqual({
      kind: 'followup',
      ref: null,
      text: 'Add alert',
      owner: null,
      dueAt: new Date('2026-12-31T23:59:59.000Z'),
    });
    expect(command('close', [str('override', 'reviewed offline')])).toEqual({
      kind: 'close',
      ref: null,
      override: 'reviewed offline',
    });
    expect(command('update', [str('text', 'Fixed')])).toEqual({ kind: 'update', ref: null, body: 'Fixed' });
  });

  it('reads scheduled, drafted and template updates like the chat command language', () => {
    const command = (text: string) => {
      const translation = translateSlashCommand(slash('update', [str('text', text)]), settings);
      return translation.kind === 'command' ? translation.command.kind : null;
    };
    expect(command('We are investigating.')).toBe('update');
    expect(command('--in 30m Fix rolling out')).toBe('update_later');
    expect(command('Fix rolling out, next update in 30m')).toBe('update');
    expect(command('--draft Checkout is recovering')).toBe('update_draft');
  });

  it('runs any other command typed into /incident run, with Discord mentions made platform-qualified', () => {
    const translation = translateSlashCommand(
      slash('run', [str('command', 'followup INC-3 Add alerts <@123456789012345678> due 2026-12-31')]),
      settings,
    );
    expect(translation).toMatchObject({
      kind: 'command',
      command: { kind: 'followup', ref: 'INC-3', owner: 'discord:123456789012345678', text: 'Add alerts' },
    });
    expect(() => translateSlashCommand(slash('run', [str('command', 'reboot')]), settings)).toThrow(
      /Unknown command/,
    );
  });

  it('answers list, show and help privately', () => {
    expect(translateSlashCommand(slash('list'), settings)).toMatchObject({ kind: 'command', private: true });
    expect(translateSlashCommand(slash('show'), settings)).toMatchObject({ private: true });
    expect(translateSlashCommand(slash('summary', [str('text', 'x')]), settings)).toMatchObject({
      private: false,
    });
  });

  it('is privileged with the configured admin role or the Administrator permission, not otherwise', () => {
    const privileged = (member: Parameters<typeof slash>[2]) => {
      const translation = translateSlashCommand(slash('resolve', [], member), settings);
      return translation.kind === 'command' && translation.context.privileged;
    };
    expect(privileged({ roles: [ADMIN_ROLE] })).toBe(true);
    expect(privileged({ permissions: PermissionFlagsBits.Administrator })).toBe(true);
    expect(privileged({ roles: ['123'], permissions: PermissionFlagsBits.ManageChannels })).toBe(false);
  });

  it('prefers the member’s server nickname as display name', () => {
    const translation = translateSlashCommand(slash('list', [], { nick: 'Alice (on call)' }), settings);
    expect(translation).toMatchObject({ context: { actor: { displayName: 'Alice (on call)' } } });
  });

  it('refuses a bad incident reference or severity with an IncidentError', () => {
    const refusal = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        return error instanceof IncidentError ? error.code : error;
      }
      return null;
    };
    expect(
      refusal(() => translateSlashCommand(slash('show', [str('incident', 'yesterday')]), settings)),
    ).toBe(IncidentErrorCode.InvalidArgument);
    expect(refusal(() => translateSlashCommand(slash('sev', [str('level', 'apocalyptic')]), settings))).toBe(
      IncidentErrorCode.InvalidArgument,
    );
  });

  it('reads setup with an optional category', () => {
    const withCategory = translateSlashCommand(
      slash('setup', [
        { name: 'category', type: ApplicationCommandOptionType.Channel, value: '3330000000000000000' },
      ]),
      settings,
    );
    expect(withCategory).toMatchObject({ kind: 'setup', categoryId: '3330000000000000000' });
  });
});

describe(standingOf.name, () => {
  const setupBy = (member: Parameters<typeof slash>[2]) => () =>
    requireWorkspaceAdministrator(standingOf(slash('setup', [], member), settings));

  it('makes the Administrator permission (the server owner always has it) an administrator of the server', () => {
    expect(
      standingOf(slash('setup', [], { permissions: PermissionFlagsBits.Administrator }), settings),
    ).toEqual({
      ownerOrAdministrator: true,
      configuredAdministrator: false,
    });
    expect(setupBy({ permissions: PermissionFlagsBits.Administrator })).not.toThrow();
  });

  it('makes DISCORD_ADMIN_ROLE_ID a configured administrator', () => {
    expect(standingOf(slash('setup', [], { roles: [ADMIN_ROLE] }), settings)).toEqual({
      ownerOrAdministrator: false,
      configuredAdministrator: true,
    });
    expect(setupBy({ roles: [ADMIN_ROLE] })).not.toThrow();
  });

  it('does not let Manage Channels alone move the incidents channel', () => {
    const moderator = { roles: ['123'], permissions: PermissionFlagsBits.ManageChannels };
    expect(setupBy(moderator)).toThrow(WORKSPACE_SETUP_REFUSAL);
  });

  it('gives no standing without a configured admin role or outside a server', () => {
    expect(standingOf(slash('setup', [], { roles: [ADMIN_ROLE] }), { adminRoleId: null })).toEqual({
      ownerOrAdministrator: false,
      configuredAdministrator: false,
    });
    const direct = { ...slash('setup'), member: undefined };
    expect(standingOf(direct, settings)).toEqual({
      ownerOrAdministrator: false,
      configuredAdministrator: false,
    });
  });
});
