import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import {
  verifyWebhookSignature,
  WEBHOOK_DELIVERY_HEADER,
  WEBHOOK_SIGNATURE_HEADER,
} from '@firebreak/notifications';

export interface ReceivedMail {
  readonly to: string[];
  readonly raw: string;
  /** Headers and body with quoted-printable soft breaks and escapes undone, enough to find links. */
  readonly text: string;
  readonly subject: string;
}

/** A real SMTP server (smtp-server) on loopback that keeps every message it accepts. */
export class LoopbackSmtpServer {
  readonly messages: ReceivedMail[] = [];
  private readonly server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const text = raw
          .replace(/=\r?\n/g, '')
          .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
        const subject = /^Subject: (.*(?:\r?\n[ \t].*)*)/m.exec(raw)?.[1]?.replace(/\r?\n[ \t]/g, ' ') ?? '';
        this.messages.push({ to: session.envelope.rcptTo.map((rcpt) => rcpt.address), raw, text, subject });
        callback();
      });
    },
  });
  port = 0;

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.server.address() as AddressInfo).port;
    return this;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  to(address: string): ReceivedMail[] {
    return this.messages.filter((mail) => mail.to.includes(address));
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

export interface ReceivedWebhook {
  readonly deliveryId: string;
  readonly body: Record<string, unknown>;
  readonly signatureValid: boolean;
}

/** A webhook receiver on loopback: verifies each signature, answers 503 while `down`, records what it accepted. */
export class LoopbackWebhookReceiver {
  readonly accepted: ReceivedWebhook[] = [];
  refused = 0;
  down = false;
  secret = '';
  private readonly server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (this.down) {
        this.refused += 1;
        response.writeHead(503).end();
        return;
      }
      const raw = Buffer.concat(chunks).toString('utf8');
      const signature = request.headers[WEBHOOK_SIGNATURE_HEADER] as string | undefined;
      this.accepted.push({
        deliveryId: String(request.headers[WEBHOOK_DELIVERY_HEADER]),
        body: JSON.parse(raw) as Record<string, unknown>,
        signatureValid: verifyWebhookSignature(this.secret, raw, signature),
      });
      response.writeHead(204).end();
    });
  });
  port = 0;

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  url(path = '/hook'): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** Polls until `check` holds (or fails after `timeoutMs`); behaviour, not timing, is what tests assert. */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
