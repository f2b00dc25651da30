import { randomBytes } from 'node:crypto';
import { type IncomingMessage } from 'node:http';
import { type Duplex } from 'node:stream';
import { deflateSync } from 'node:zlib';
import {
  GatewayCloseCodes,
  GatewayDispatchEvents,
  GatewayIntentBits,
  GatewayOpcodes,
  type APIMessage,
  type GatewayGuildCreateDispatchData,
  type GatewayGuildMembersChunkDispatchData,
  type GatewayReadyDispatchData,
  type GatewayRequestGuildMembersData,
} from 'discord-api-types/v10';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';

export interface GatewayHost {
  token: string;
  botUserId: string;
  heartbeatIntervalMs: number;
  readyPayload(sessionId: string): GatewayReadyDispatchData;
  guildCreatePayload(): GatewayGuildCreateDispatchData;
  membersChunk(request: GatewayRequestGuildMembersData): GatewayGuildMembersChunkDispatchData;
}

/** A payload a client sent over the gateway, as the fake received it. */
export interface ReceivedGatewayPayload {
  op: GatewayOpcodes;
  d: unknown;
  at: number;
}

interface OutgoingPayload {
  op: GatewayOpcodes;
  d: unknown;
  s: number | null;
  t: string | null;
}

interface SuspendedSession {
  seq: number;
  intents: number;
}

const GATEWAY_PATHS = new Set(['/', '/gateway']);

/** Which intent a client needs to receive an event (events not listed reach every session). */
const EVENT_INTENTS: Partial<Record<string, GatewayIntentBits>> = {
  [GatewayDispatchEvents.GuildCreate]: GatewayIntentBits.Guilds,
  [GatewayDispatchEvents.ChannelCreate]: GatewayIntentBits.Guilds,
  [GatewayDispatchEvents.ChannelUpdate]: GatewayIntentBits.Guilds,
  [GatewayDispatchEvents.ChannelDelete]: GatewayIntentBits.Guilds,
  [GatewayDispatchEvents.ChannelPinsUpdate]: GatewayIntentBits.Guilds,
  [GatewayDispatchEvents.MessageCreate]: GatewayIntentBits.GuildMessages,
  [GatewayDispatchEvents.MessageUpdate]: GatewayIntentBits.GuildMessages,
  [GatewayDispatchEvents.MessageDelete]: GatewayIntentBits.GuildMessages,
  [GatewayDispatchEvents.MessageReactionAdd]: GatewayIntentBits.GuildMessageReactions,
  [GatewayDispatchEvents.MessageReactionRemove]: GatewayIntentBits.GuildMessageReactions,
};

class GatewaySession {
  seq = 0;
  intents = 0;
  identified = false;
  compress = false;

  constructor(
    readonly socket: WebSocket,
    public id: string,
  ) {}

  resumeAs(sessionId: string, suspended: SuspendedSession): void {
    this.id = sessionId;
    this.seq = suspended.seq;
    this.intents = suspended.intents;
    this.identified = true;
  }

  send(payload: OutgoingPayload): void {
    const json = JSON.stringify(payload);
    // IDENTIFY `compress: true` asks for every payload as its own zlib-deflated binary frame.
    this.socket.send(this.compress ? deflateSync(json) : json);
  }

  dispatch(event: string, data: unknown): void {
    this.send({ op: GatewayOpcodes.Dispatch, t: event, d: data, s: ++this.seq });
  }

  wants(event: string): boolean {
    const intent = EVENT_INTENTS[event];
    return this.identified && (intent === undefined || (this.intents & intent) !== 0);
  }
}

/** Discord's gateway (v10, JSON encoding, no transport compression) over a `ws` server without its own port. */
export class FakeGateway {
  readonly received: ReceivedGatewayPayload[] = [];
  private readonly server = new WebSocketServer({ noServer: true });
  private readonly sessions = new Set<GatewaySession>();
  private readonly suspended = new Map<string, SuspendedSession>();

  constructor(private readonly host: GatewayHost) {}

  get connectedSessions(): number {
    return [...this.sessions].filter((session) => session.identified).length;
  }

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(request.url ?? '/', 'ws://127.0.0.1');
    if (!GATEWAY_PATHS.has(url.pathname)) {
      socket.destroy();
      return;
    }
    this.server.handleUpgrade(request, socket, head, (ws) => this.accept(ws, url.searchParams));
  }

  /** Sends a dispatch (op 0) to every identified session whose intents cover the event. */
  dispatch(event: string, data: unknown): void {
    for (const session of this.sessions) {
      if (session.wants(event)) session.dispatch(event, this.redactForIntents(session, event, data));
    }
  }

  /** Asks every client to reconnect (op 7); discord.js then resumes on `resume_gateway_url`. */
  requestReconnect(): void {
    for (const session of this.sessions)
      session.send({ op: GatewayOpcodes.Reconnect, d: null, s: null, t: null });
  }

  async close(): Promise<void> {
    for (const session of this.sessions) session.socket.terminate();
    this.sessions.clear();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(ws: WebSocket, query: URLSearchParams): void {
    const session = new GatewaySession(ws, randomBytes(16).toString('hex'));
    const unsupported = unsupportedQuery(query);
    if (unsupported) {
      ws.close(GatewayCloseCodes.InvalidAPIVersion, unsupported);
      return;
    }
    this.sessions.add(session);
    ws.on('message', (raw) => this.onMessage(session, raw));
    ws.on('close', () => this.onClose(session));
    session.send({
      op: GatewayOpcodes.Hello,
      d: { heartbeat_interval: this.host.heartbeatIntervalMs },
      s: null,
      t: null,
    });
  }

  private onClose(session: GatewaySession): void {
    this.sessions.delete(session);
    if (session.identified) this.suspended.set(session.id, { seq: session.seq, intents: session.intents });
  }

  private onMessage(session: GatewaySession, raw: RawData): void {
    const payload = parsePayload(raw);
    if (!payload) {
      session.socket.close(GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
      return;
    }
    this.received.push({ ...payload, at: Date.now() });
    this.handleOpcode(session, payload);
  }

  private handleOpcode(session: GatewaySession, { op, d }: { op: GatewayOpcodes; d: unknown }): void {
    switch (op) {
      case GatewayOpcodes.Heartbeat:
        return session.send({ op: GatewayOpcodes.HeartbeatAck, d: null, s: null, t: null });
      case GatewayOpcodes.Identify:
        return this.identify(session, d as IdentifyData);
      case GatewayOpcodes.Resume:
        return this.resume(session, d as ResumeData);
      case GatewayOpcodes.RequestGuildMembers:
        return this.requireIdentified(session, () =>
          session.dispatch(
            GatewayDispatchEvents.GuildMembersChunk,
            this.host.membersChunk(d as GatewayRequestGuildMembersData),
          ),
        );
      case GatewayOpcodes.PresenceUpdate:
      case GatewayOpcodes.VoiceStateUpdate:
        return this.requireIdentified(session, () => undefined);
      default:
        session.socket.close(GatewayCloseCodes.UnknownOpcode, 'Unknown opcode.');
    }
  }

  private identify(session: GatewaySession, data: IdentifyData): void {
    if (session.identified)
      return session.socket.close(GatewayCloseCodes.AlreadyAuthenticated, 'Already authenticated.');
    if (data.token !== this.host.token) {
      return session.socket.close(GatewayCloseCodes.AuthenticationFailed, 'Authentication failed.');
    }
    session.identified = true;
    session.intents = data.intents;
    session.compress = data.compress === true;
    session.dispatch(GatewayDispatchEvents.Ready, this.host.readyPayload(session.id));
    // Guilds arrive unavailable in READY, then one GUILD_CREATE each; discord.js waits for them before `clientReady`.
    if (session.wants(GatewayDispatchEvents.GuildCreate)) {
      session.dispatch(GatewayDispatchEvents.GuildCreate, this.host.guildCreatePayload());
    }
  }

  private resume(session: GatewaySession, data: ResumeData): void {
    if (data.token !== this.host.token) {
      return session.socket.close(GatewayCloseCodes.AuthenticationFailed, 'Authentication failed.');
    }
    const suspended = this.suspended.get(data.session_id);
    if (!suspended) return session.send({ op: GatewayOpcodes.InvalidSession, d: false, s: null, t: null });
    this.suspended.delete(data.session_id);
    session.resumeAs(data.session_id, suspended);
    // Events dispatched while the client was away are not replayed: the fake keeps no backlog.
    session.dispatch(GatewayDispatchEvents.Resumed, {});
  }

  private requireIdentified(session: GatewaySession, handle: () => void): void {
    if (!session.identified)
      return session.socket.close(GatewayCloseCodes.NotAuthenticated, 'Not authenticated.');
    handle();
  }

  /** Without MESSAGE_CONTENT, Discord blanks content of messages the bot neither sent nor was mentioned in. */
  private redactForIntents(session: GatewaySession, event: string, data: unknown): unknown {
    const isMessageEvent =
      event === GatewayDispatchEvents.MessageCreate || event === GatewayDispatchEvents.MessageUpdate;
    if (!isMessageEvent || (session.intents & GatewayIntentBits.MessageContent) !== 0) return data;
    const message = data as APIMessage;
    const botId = this.host.botUserId;
    if (message.author.id === botId || message.mentions.some((user) => user.id === botId)) return data;
    return { ...message, content: '', embeds: [], attachments: [], components: [] };
  }
}

interface IdentifyData {
  token: string;
  intents: number;
  compress?: boolean;
}

interface ResumeData {
  token: string;
  session_id: string;
  seq: number;
}

function unsupportedQuery(query: URLSearchParams): string | undefined {
  if (query.get('v') !== '10') return 'FakeDiscord speaks gateway v10 only.';
  if ((query.get('encoding') ?? 'json') !== 'json') return 'FakeDiscord speaks JSON encoding only.';
  if (query.has('compress')) return 'FakeDiscord does not support zlib-stream transport compression.';
  return undefined;
}

function parsePayload(raw: RawData): { op: GatewayOpcodes; d: unknown } | undefined {
  try {
    const text = Array.isArray(raw)
      ? Buffer.concat(raw).toString()
      : Buffer.from(raw as ArrayBuffer).toString();
    const parsed = JSON.parse(text) as { op?: unknown; d?: unknown };
    return typeof parsed.op === 'number' ? { op: parsed.op, d: parsed.d } : undefined;
  } catch {
    return undefined;
  }
}
