import { randomUUID } from 'node:crypto';
import {
  chatReplyForError,
  commandOfButton,
  type Command,
  type CommandContext,
  type CommandResult,
  type Incident,
  type IncidentService,
  type NeutralMessage,
  requireWorkspaceAdministrator,
  type WorkspaceStanding,
} from '@firebreak/incident';
import { decodeButton } from './button-data.js';
import { declareCommandFromForm } from './declare-form.js';

/** What a chat user sees after they typed, pressed or submitted something: the reply, or the refusal. */
export interface ChatAnswer {
  readonly message: NeutralMessage;
  /** The incident the command was about, as it stands afterwards; null when refused. */
  readonly incident: Incident | null;
  readonly failed: boolean;
}

/** Logs a failure that is not a refusal, under the error id the user was shown. */
export type FailureLog = (errorId: string, error: unknown) => void;

/**
 * Everything a chat connector asks of the domain, in the terms of chat: a typed line, a pressed button, a
 * submitted declare form, `setup`. Refusals and failures become replies here, by the domain's one mapping
 * (`chatReplyForError`), so no connector has an error reply, a form rule or a button rule of its own: a
 * connector only turns platform events into these calls and renders the answers.
 */
export class ChatCommands {
  constructor(
    private readonly incidents: IncidentService,
    private readonly logFailure: FailureLog,
    private readonly newErrorId: () => string = randomUUID,
  ) {}

  /** A line of the command language as typed; an empty line asks for help. */
  typed(text: string, context: CommandContext): Promise<ChatAnswer> {
    return this.attempt(() => this.incidents.run(text.trim() === '' ? 'help' : text, context));
  }

  /** A command the platform gave structure to (slash-command options, a pinned message). */
  command(command: Command, context: CommandContext): Promise<ChatAnswer> {
    return this.attempt(() => this.incidents.execute(command, context));
  }

  /** A button press: its data as the platform sent it back, and the text its form asked for, if any. */
  pressed(data: unknown, text: string | null, context: CommandContext): Promise<ChatAnswer> {
    return this.attempt(async () => {
      const { intent, ref } = decodeButton(data);
      // Whoever a hand-over button names is shown by the name it was offered with, as a typed mention is.
      const named =
        intent.kind === 'hand_over_role' && intent.to ? { [intent.to.id]: intent.to.displayName } : {};
      const pressing = { ...context, mentioned: { ...context.mentioned, ...named } };
      return this.incidents.execute(commandOfButton(intent, ref, text), pressing);
    });
  }

  /** The declare form, submitted: its values as the platform sent them. */
  declared(values: Readonly<Record<string, unknown>>, context: CommandContext): Promise<ChatAnswer> {
    return this.attempt(() => this.incidents.execute(declareCommandFromForm(values), context));
  }

  /**
   * `setup`: choosing the incidents channel is an administrator's decision on every platform; `save` stores
   * the platform's choice and says what was set up, and runs only for an administrator.
   */
  setUp(
    standing: () => Promise<WorkspaceStanding>,
    save: () => Promise<NeutralMessage>,
  ): Promise<NeutralMessage> {
    return this.answer(async () => {
      requireWorkspaceAdministrator(await standing());
      return save();
    });
  }

  /** Work that answers with a message of its own rather than a command result. */
  async answer(work: () => Promise<NeutralMessage>): Promise<NeutralMessage> {
    try {
      return await work();
    } catch (error) {
      return this.replyFor(error);
    }
  }

  /** The reply to a refusal or a failure; a failure is logged under the error id the reply shows. */
  replyFor(error: unknown): NeutralMessage {
    const { reply, errorId } = chatReplyForError(error, this.newErrorId);
    if (errorId) this.logFailure(errorId, error);
    return reply;
  }

  private async attempt(work: () => Promise<CommandResult>): Promise<ChatAnswer> {
    try {
      const result = await work();
      return { message: result.message, incident: result.incident, failed: false };
    } catch (error) {
      return { message: this.replyFor(error), incident: null, failed: true };
    }
  }
}
