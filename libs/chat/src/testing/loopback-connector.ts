import {
  buttonNeedsText,
  type CommandContext,
  incidentHeadline,
  type IncidentService,
  type NeutralMessage,
  type OutboxConsumer,
  type OutboxEvent,
  participant,
  replaceMentions,
} from '@firebreak/incident';
import { encodeButton } from '../button-data.js';
import { ChatCommands } from '../chat-commands.js';
import { echoOf, incidentsChannelChosen } from '../chat-messages.js';
import { DECLARE_FORM, type ChatForm } from '../declare-form.js';
import { DeliveryRefusals } from '../delivery-refusals.js';

/** Someone talking to the loopback connector. */
export interface LoopbackUser {
  readonly id: string;
  readonly name: string;
  /** What the loopback "platform" says about them: an owner or administrator of its one workspace. */
  readonly administrator?: boolean;
}

/** A button as the loopback platform shows it: its label and the data it sends back when pressed. */
export interface LoopbackButton {
  readonly label: string;
  readonly data: string;
  readonly asksForText: boolean;
}

/** A message as the loopback platform shows it: plain text, names in place of mentions. */
export interface LoopbackMessage {
  readonly title: string | null;
  readonly text: string;
  readonly fields: Readonly<Record<string, string>>;
  readonly buttons: readonly LoopbackButton[];
  readonly private: boolean;
  readonly tone: NeutralMessage['tone'];
}

/** A post the loopback platform refuses, with an HTTP-like status, as a real platform's SDK would throw. */
export class LoopbackRefusal extends Error {
  constructor(readonly status: number) {
    super(`loopback platform answered ${status}`);
  }
}

/**
 * A third chat connector, in memory: plain objects in, plain objects out. It holds nothing but translation
 * and rendering, like the Discord and Teams connectors, so whatever works through it works through the shared
 * chat layer alone: the declare form, error replies, buttons, the setup rule, echoes and refused posts. Its
 * participants are API participants (`api:<id>`), the one platform id that belongs to no chat SDK.
 */
export class LoopbackConnector implements OutboxConsumer {
  readonly name = 'loopback-delivery';
  /** What the connector posted on its own from the outbox (headlines, echoes, notices), in order. */
  readonly posts: LoopbackMessage[] = [];
  /** Reports of posts skipped because the platform refused them for good. */
  readonly skipped: string[] = [];
  /** Where `setup` said incidents are announced. */
  incidentsChannel: string | null = null;
  /** Set to make the platform refuse the next posts. */
  refuseWith: number | null = null;
  private readonly chat: ChatCommands;
  private readonly refusals = new DeliveryRefusals(
    (error) => (error instanceof LoopbackRefusal ? error.status : null),
    (problem) => this.skipped.push(problem),
  );

  constructor(
    private readonly incidents: IncidentService,
    /** Failures the user was shown an error id for. */
    readonly failures: { errorId: string; error: unknown }[] = [],
  ) {
    let next = 0;
    this.chat = new ChatCommands(
      incidents,
      (errorId, error) => failures.push({ errorId, error }),
      () => `loopback-${(next += 1)}`,
    );
  }

  async say(user: LoopbackUser, text: string, channel = 'general'): Promise<LoopbackMessage> {
    return render((await this.chat.typed(text, this.context(user, channel))).message);
  }

  /** What the platform shows for a bare `declare`: the shared declare form. */
  declareForm(): ChatForm {
    return DECLARE_FORM;
  }

  async submitDeclareForm(
    user: LoopbackUser,
    values: Readonly<Record<string, unknown>>,
    channel = 'general',
  ): Promise<LoopbackMessage> {
    return render((await this.chat.declared(values, this.context(user, channel))).message);
  }

  async press(
    user: LoopbackUser,
    button: Pick<LoopbackButton, 'data'>,
    text: string | null = null,
    channel = 'general',
  ): Promise<LoopbackMessage> {
    return render((await this.chat.pressed(button.data, text, this.context(user, channel))).message);
  }

  async setup(user: LoopbackUser, channel: string): Promise<LoopbackMessage> {
    const reply = await this.chat.setUp(
      async () => ({ ownerOrAdministrator: user.administrator === true, configuredAdministrator: false }),
      async () => {
        this.incidentsChannel = channel;
        return incidentsChannelChosen(`#${channel}`);
      },
    );
    return render(reply);
  }

  /** Delivers one outbox event: the headline on declare, echoes, notices; refused posts are skipped. */
  async handle(event: OutboxEvent): Promise<void> {
    await this.refusals.deliverOrSkip(event, async () => {
      const post = await this.postFor(event);
      if (!post) return;
      if (this.refuseWith !== null) throw new LoopbackRefusal(this.refuseWith);
      this.posts.push(render(post));
    });
  }

  private async postFor(event: OutboxEvent): Promise<NeutralMessage | null> {
    if (event.type === 'chat.notice' || event.type === 'reminder.due') return event.payload.message;
    if (event.type === 'incident.declared' && event.incidentRef) {
      const incident = await this.incidents.getIncident(event.incidentRef);
      return incidentHeadline(incident, await this.incidents.components());
    }
    return echoOf(event, 'https://status.example.com');
  }

  private context(user: LoopbackUser, channel: string): CommandContext {
    return {
      actor: participant(`api:${user.id}`, user.name),
      location: { platform: 'api', channelId: channel },
    };
  }
}

/** The loopback platform's rendering: names for mentions, buttons as their data. */
export function render(message: NeutralMessage): LoopbackMessage {
  const named = (text: string) => replaceMentions(text, (id) => `@${message.people[id] ?? id}`);
  const ref = message.incidentRef;
  return {
    title: message.title,
    text: named(message.text),
    fields: Object.fromEntries(message.fields.map((field) => [field.name, named(field.value)])),
    buttons: ref
      ? message.buttons.map((button) => ({
          label: button.label,
          data: encodeButton(button.intent, ref),
          asksForText: buttonNeedsText(button.intent),
        }))
      : [],
    private: message.visibility === 'private',
    tone: message.tone,
  };
}
