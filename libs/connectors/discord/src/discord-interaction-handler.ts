import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ComponentType,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  Routes,
  TextInputStyle,
  type APIApplicationCommandAutocompleteInteraction,
  type APIApplicationCommandInteractionDataBasicOption,
  type APIChatInputApplicationCommandInteraction,
  type APICommandAutocompleteInteractionResponseCallbackData,
  type APIInteraction,
  type APIInteractionResponse,
  type APIMessageComponentInteraction,
  type APIModalInteractionResponseCallbackData,
  type APIModalSubmitInteraction,
  type REST,
} from 'discord.js';
import { Logger } from '@nestjs/common';
import {
  ChatCommands,
  DECLARE_FORM,
  decodeButton,
  incidentsChannelChosen,
  textFormTitle,
  type FormField,
} from '@firebreak/chat';
import {
  buttonNeedsText,
  ChatWorkspaceRepository,
  Clock,
  IncidentError,
  IncidentService,
  type NeutralMessage,
} from '@firebreak/incident';
import { commandContextFor, standingOf, translateSlashCommand } from './discord-command-translator.js';
import { DiscordMessageRenderer } from './discord-message.renderer.js';
import { storedGuildSettings } from './discord-guild-settings.js';
import type { DiscordSettings } from './discord-settings.js';

/** Sends the interaction's one initial response: a REST callback (gateway) or the HTTP response body. */
export type InteractionResponder = (response: APIInteractionResponse) => Promise<void>;

const DECLARE_FORM_ID = 'fb:declare';
const renderer = new DiscordMessageRenderer();
/** Replayed interaction ids are remembered this long (Discord's own signature window is 5 minutes). */
const REMEMBERED_INTERACTIONS = 5_000;

/**
 * Turns any Discord interaction into a domain command and its answer into Discord messages. Both transports
 * (gateway and HTTP endpoint) use it; it answers at once (pong, autocomplete, form, or a deferral) and follows
 * up through the interaction webhook once the domain has answered.
 */
export class DiscordInteractionHandler {
  private readonly logger = new Logger('DiscordInteractions');
  /** First initial response per interaction id: a replay gets the same answer and is not applied again. */
  private readonly initialResponses = new Map<string, Promise<APIInteractionResponse>>();
  private readonly chat: ChatCommands;

  constructor(
    private readonly incidents: IncidentService,
    private readonly workspaces: ChatWorkspaceRepository,
    private readonly clock: Clock,
    private readonly rest: REST,
    private readonly settings: DiscordSettings,
  ) {
    this.chat = new ChatCommands(incidents, (errorId, error) =>
      this.logger.error(`Interaction failed (error id ${errorId})`, (error as Error)?.stack),
    );
  }

  async handle(interaction: APIInteraction, respond: InteractionResponder): Promise<void> {
    if (interaction.type === InteractionType.Ping) return respond({ type: InteractionResponseType.Pong });
    const first = this.initialResponses.get(interaction.id);
    if (first) return respond(await first);
    let settle!: (response: APIInteractionResponse) => void;
    this.remember(interaction.id, new Promise((resolve) => (settle = resolve)));
    const once: InteractionResponder = async (response) => {
      settle(response);
      await respond(response);
    };
    try {
      await this.dispatch(interaction, once);
    } catch (error) {
      // Refusals before the first response (bad options) are answered at once, ephemeral.
      await once(immediate(this.chat.replyFor(error)));
    }
  }

  private dispatch(interaction: APIInteraction, respond: InteractionResponder): Promise<void> {
    switch (interaction.type) {
      case InteractionType.ApplicationCommand:
        if (interaction.data.type !== ApplicationCommandType.ChatInput) {
          throw IncidentError.invalid('command', 'Firebreak only answers `/incident`.');
        }
        return this.slashCommand(interaction as APIChatInputApplicationCommandInteraction, respond);
      case InteractionType.ApplicationCommandAutocomplete:
        return this.autocomplete(interaction, respond);
      case InteractionType.MessageComponent:
        return this.button(interaction, respond);
      case InteractionType.ModalSubmit:
        return this.formSubmitted(interaction, respond);
      default:
        throw IncidentError.invalid('interaction', 'Firebreak does not handle this kind of interaction.');
    }
  }

  private async slashCommand(
    interaction: APIChatInputApplicationCommandInteraction,
    respond: InteractionResponder,
  ): Promise<void> {
    const translation = translateSlashCommand(interaction, this.settings);
    switch (translation.kind) {
      case 'declare_form':
        return respond({ type: InteractionResponseType.Modal, data: declareForm() });
      case 'setup':
        await respond(deferred(true));
        return this.followUp(interaction, true, () =>
          this.chat.setUp(
            async () => standingOf(interaction, this.settings),
            () => this.setUp(interaction, translation),
          ),
        );
      case 'command':
        await respond(deferred(translation.private));
        return this.followUp(
          interaction,
          translation.private,
          async () => (await this.chat.command(translation.command, translation.context)).message,
        );
    }
  }

  private async button(
    interaction: APIMessageComponentInteraction,
    respond: InteractionResponder,
  ): Promise<void> {
    const data = interaction.data.custom_id;
    const pressed = decodeButton(data);
    if (buttonNeedsText(pressed.intent)) {
      // The form carries the button's own data back, with the text it asked for.
      return respond({
        type: InteractionResponseType.Modal,
        data: textForm(data, `${textFormTitle(pressed.intent)} on ${pressed.ref}`),
      });
    }
    await respond(deferred(true));
    const context = commandContextFor(interaction, this.settings);
    return this.followUp(
      interaction,
      true,
      async () => (await this.chat.pressed(data, null, context)).message,
    );
  }

  private async formSubmitted(
    interaction: APIModalSubmitInteraction,
    respond: InteractionResponder,
  ): Promise<void> {
    const fields = formFields(interaction);
    const context = commandContextFor(interaction, this.settings);
    if (interaction.data.custom_id === DECLARE_FORM_ID) {
      await respond(deferred(false));
      return this.followUp(
        interaction,
        false,
        async () => (await this.chat.declared(Object.fromEntries(fields), context)).message,
      );
    }
    // Any other form is a button's text form: decoded and checked like the button itself.
    const data = interaction.data.custom_id;
    decodeButton(data);
    await respond(deferred(true));
    return this.followUp(
      interaction,
      true,
      async () => (await this.chat.pressed(data, fields.get('text') ?? '', context)).message,
    );
  }

  private async autocomplete(
    interaction: APIApplicationCommandAutocompleteInteraction,
    respond: InteractionResponder,
  ): Promise<void> {
    const options = interaction.data.options ?? [];
    const sub = options.find((option) => option.type === ApplicationCommandOptionType.Subcommand);
    const basic = (
      sub && 'options' in sub ? sub.options : options
    ) as APIApplicationCommandInteractionDataBasicOption[];
    const focused = basic?.find((option) => 'focused' in option && option.focused);
    const typed = String(focused && 'value' in focused ? focused.value : '').toLowerCase();
    let choices: APICommandAutocompleteInteractionResponseCallbackData['choices'] = [];
    if (focused?.name === 'incident') {
      const incidents = await this.incidents.listIncidents({
        statuses: ['investigating', 'identified', 'monitoring', 'resolved'],
        limit: 100,
      });
      choices = incidents
        .filter((each) => `${each.ref} ${each.title}`.toLowerCase().includes(typed))
        .slice(0, 25)
        .map((each) => ({
          name: `${each.ref}: ${each.title} (${each.status})`.slice(0, 100),
          value: each.ref,
        }));
    } else if (focused?.name === 'name') {
      const components = await this.incidents.components();
      choices = components
        .filter((each) => each.name.toLowerCase().includes(typed))
        .slice(0, 25)
        .map((each) => ({ name: each.name.slice(0, 100), value: each.name }));
    }
    return respond({ type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices } });
  }

  private async setUp(
    interaction: APIChatInputApplicationCommandInteraction,
    { categoryId, archiveCategoryId }: { categoryId: string | null; archiveCategoryId: string | null },
  ): Promise<NeutralMessage> {
    const guildId = interaction.guild_id;
    if (!guildId) throw IncidentError.invalid('guild', 'Run `/incident setup` in a server channel.');
    const channel = interaction.channel as { parent_id?: string | null } | undefined;
    const category = categoryId ?? channel?.parent_id ?? null;
    await this.workspaces.save({
      platform: 'discord',
      workspaceId: guildId,
      incidentsChannelId: interaction.channel_id ?? null,
      settings: storedGuildSettings({ incidentCategoryId: category, archiveCategoryId }),
      updatedAt: this.clock.now(),
    });
    return incidentsChannelChosen(`<#${interaction.channel_id}>`, [
      ...(category ? [`New incident channels go under <#${category}>.`] : []),
      ...(archiveCategoryId ? [`Closed ones move to <#${archiveCategoryId}>.`] : []),
    ]);
  }

  /** Runs the work, then replaces the deferral with its answer (or refusal), switching visibility if needed. */
  private async followUp(
    interaction: APIInteraction,
    deferredPrivately: boolean,
    work: () => Promise<NeutralMessage>,
  ): Promise<void> {
    const reply = await this.chat.answer(work);
    const body = renderer.render(reply);
    const isPrivate = reply.visibility === 'private';
    const { applicationId } = this.settings;
    try {
      // Editing the deferral notifies no one, so an answer meant to reach people is posted as a new message.
      if (isPrivate === deferredPrivately && !body.allowed_mentions.users) {
        const { flags: _flags, ...edit } = body;
        await this.rest.patch(Routes.webhookMessage(applicationId, interaction.token, '@original'), {
          body: edit,
          auth: false,
        });
      } else {
        // A deferral's visibility is fixed, and the first follow-up would only replace it: settle the
        // deferral, send the answer as a follow-up with its own visibility (and its pings), then remove the
        // deferral.
        const original = Routes.webhookMessage(applicationId, interaction.token, '@original');
        await this.rest.patch(original, { body: { content: '…', embeds: [], components: [] }, auth: false });
        await this.rest.post(Routes.webhook(applicationId, interaction.token), { body, auth: false });
        await this.rest.delete(original, { auth: false });
      }
    } catch (error) {
      this.logger.error(`Could not answer interaction ${interaction.id}: ${String(error)}`);
    }
  }

  private remember(id: string, response: Promise<APIInteractionResponse>): void {
    this.initialResponses.set(id, response);
    if (this.initialResponses.size > REMEMBERED_INTERACTIONS) {
      const oldest = this.initialResponses.keys().next().value;
      if (oldest !== undefined) this.initialResponses.delete(oldest);
    }
  }
}

function deferred(ephemeral: boolean): APIInteractionResponse {
  return {
    type: InteractionResponseType.DeferredChannelMessageWithSource,
    data: ephemeral ? { flags: MessageFlags.Ephemeral } : {},
  };
}

function immediate(reply: NeutralMessage): APIInteractionResponse {
  return { type: InteractionResponseType.ChannelMessageWithSource, data: renderer.render(reply) };
}

/** The shared declare form (`DECLARE_FORM`) as a Discord modal: text inputs only, so choices are typed. */
function declareForm(): APIModalInteractionResponseCallbackData {
  return {
    custom_id: DECLARE_FORM_ID,
    title: DECLARE_FORM.title,
    components: DECLARE_FORM.fields.map((field: FormField) =>
      textInput(
        field.id,
        field.label,
        field.multiline ? TextInputStyle.Paragraph : TextInputStyle.Short,
        field.required,
        field.maxLength,
        field.placeholder,
      ),
    ),
  };
}

function textForm(buttonData: string, title: string): APIModalInteractionResponseCallbackData {
  return {
    custom_id: buttonData,
    title: title.slice(0, 45),
    components: [textInput('text', 'Text', TextInputStyle.Paragraph, true)],
  };
}

function textInput(
  customId: string,
  label: string,
  style: TextInputStyle,
  required: boolean,
  maxLength = 4000,
  placeholder?: string,
) {
  return {
    type: ComponentType.ActionRow as const,
    components: [
      {
        type: ComponentType.TextInput as const,
        custom_id: customId,
        label,
        style,
        required,
        max_length: maxLength,
        ...(placeholder ? { placeholder } : {}),
      },
    ],
  };
}

/** Text inputs come back in action rows (or, in newer forms, inside labels). */
function formFields(interaction: APIModalSubmitInteraction): Map<string, string> {
  const fields = new Map<string, string>();
  const visit = (component: unknown): void => {
    if (!component || typeof component !== 'object') return;
    const each = component as {
      custom_id?: string;
      value?: unknown;
      components?: unknown[];
      component?: unknown;
    };
    if (each.custom_id && typeof each.value === 'string') fields.set(each.custom_id, each.value);
    each.components?.forEach(visit);
    if (each.component) visit(each.component);
  };
  (interaction.data.components as unknown[]).forEach(visit);
  return fields;
}
