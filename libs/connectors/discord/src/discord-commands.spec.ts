import {
  type SharedSlashCommandOptions,
  type SlashCommandChannelOption,
  type SlashCommandStringOption,
  SlashCommandBuilder,
  SlashCommandSubcommandBuilder,
  type SlashCommandUserOption,
} from '@discordjs/builders';
import {
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandOption,
  ApplicationCommandOptionType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { describe, expect, it } from 'vitest';
import { DISCORD_COMMANDS, INCIDENT_COMMAND } from './discord-commands.js';

type Definition = RESTPostAPIChatInputApplicationCommandsJSONBody;

/**
 * Rebuilds a definition through discord.js's own builders, which check each value as it is set (name pattern
 * and length, description length, choice count, string lengths, at most 25 options or subcommands) and throw
 * on the first invalid one. Option types the builders below do not know fail the test: add them here.
 */
function rebuild(definition: Definition): SlashCommandBuilder {
  const builder = new SlashCommandBuilder().setName(definition.name).setDescription(definition.description);
  for (const option of definition.options ?? []) {
    if (option.type !== ApplicationCommandOptionType.Subcommand)
      throw new Error(`top-level option ${option.name}: only subcommands are rebuilt`);
    builder.addSubcommand((subcommand) => {
      subcommand.setName(option.name).setDescription(option.description);
      for (const each of option.options ?? [])
        addBasicOption(subcommand, each as APIApplicationCommandBasicOption);
      return subcommand;
    });
  }
  return builder;
}

function addBasicOption(
  to: SharedSlashCommandOptions<SlashCommandSubcommandBuilder>,
  option: APIApplicationCommandBasicOption,
) {
  const common = <T extends SlashCommandStringOption | SlashCommandUserOption | SlashCommandChannelOption>(
    built: T,
  ): T => {
    built
      .setName(option.name)
      .setDescription(option.description)
      .setRequired(option.required ?? false);
    return built;
  };
  switch (option.type) {
    case ApplicationCommandOptionType.String:
      return to.addStringOption((built) => {
        common(built);
        if (option.min_length !== undefined) built.setMinLength(option.min_length);
        if (option.max_length !== undefined) built.setMaxLength(option.max_length);
        if (option.autocomplete) built.setAutocomplete(true);
        if (option.choices) built.addChoices(...option.choices);
        return built;
      });
    case ApplicationCommandOptionType.User:
      return to.addUserOption((built) => common(built));
    case ApplicationCommandOptionType.Channel:
      // The API type allows DM channel types too; the builder checks at run time which ones an option may name.
      return to.addChannelOption((built) =>
        common(built).addChannelTypes(...((option.channel_types ?? []) as never[])),
      );
    default:
      throw new Error(`option ${option.name}: type ${option.type} is not rebuilt yet`);
  }
}

/** Discord refuses a command whose required options follow an optional one; the builders do not check it. */
function optionsOutOfOrder(definition: Definition): string[] {
  return (definition.options ?? []).flatMap((subcommand) => {
    const options = ((subcommand as { options?: APIApplicationCommandOption[] }).options ?? []).map(
      (option) => (option as APIApplicationCommandBasicOption).required ?? false,
    );
    const firstOptional = options.indexOf(false);
    return firstOptional >= 0 && options.slice(firstOptional).includes(true) ? [subcommand.name] : [];
  });
}

/** Discord's limit on a command's names, descriptions and choice values, all options included. */
const MAX_COMMAND_CHARACTERS = 8000;
function characterCount(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((sum: number, each) => sum + characterCount(each), 0);
  if (typeof value !== 'object' || value === null) return 0;
  const record = value as Record<string, unknown>;
  const own = ['name', 'description', 'value'].reduce(
    (sum, key) => sum + (typeof record[key] === 'string' ? (record[key] as string).length : 0),
    0,
  );
  return own + characterCount(record['options']) + characterCount(record['choices']);
}

/** The builders write every optional field; a definition leaves out what is off. */
const withoutUnset = (json: unknown): unknown =>
  JSON.parse(JSON.stringify(json), (key, value: unknown) =>
    (key === 'required' || key === 'autocomplete' || key === 'nsfw') && value === false ? undefined : value,
  );

describe('Discord command definitions', () => {
  it.each(DISCORD_COMMANDS.map((definition) => [definition.name, definition] as const))(
    '/%s is what discord.js builders build from the same values',
    (_name, definition) => {
      const built = rebuild(definition).toJSON();
      expect(withoutUnset(built)).toEqual(withoutUnset(definition));
    },
  );

  it.each(DISCORD_COMMANDS.map((definition) => [definition.name, definition] as const))(
    '/%s lists required options before optional ones and stays within the size Discord accepts',
    (_name, definition) => {
      expect(optionsOutOfOrder(definition)).toEqual([]);
      expect(characterCount(definition)).toBeLessThanOrEqual(MAX_COMMAND_CHARACTERS);
    },
  );

  it('refuses definitions Discord would refuse', () => {
    const subcommands = INCIDENT_COMMAND.options!;
    const broken = (change: Partial<Definition>) => () =>
      rebuild({ ...INCIDENT_COMMAND, ...change }).toJSON();
    expect(broken({ name: 'Incident' })).toThrow('Invalid string format');
    expect(broken({ description: 'x'.repeat(101) })).toThrow('Invalid string length');
    expect(
      broken({
        options: Array.from({ length: 26 }, (_, index) => ({ ...subcommands[0]!, name: `s${index}` })),
      }),
    ).toThrow('Invalid Array length');
    const manyChoices = {
      ...subcommands[0]!,
      options: [
        {
          type: ApplicationCommandOptionType.String,
          name: 'pick',
          description: 'Too many choices',
          choices: Array.from({ length: 26 }, (_, index) => ({ name: `c${index}`, value: `c${index}` })),
        },
      ],
    } as APIApplicationCommandOption;
    expect(broken({ options: [manyChoices] })).toThrow('Invalid number value');
    const optionalFirst = {
      ...INCIDENT_COMMAND,
      options: [
        {
          type: ApplicationCommandOptionType.Subcommand,
          name: 'x',
          description: 'Optional before required',
          options: [
            { type: ApplicationCommandOptionType.String, name: 'a', description: 'a', required: false },
            { type: ApplicationCommandOptionType.String, name: 'b', description: 'b', required: true },
          ],
        },
      ],
    } as Definition;
    expect(optionsOutOfOrder(optionalFirst)).toEqual(['x']);
  });
});
