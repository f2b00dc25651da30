import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { isPrivateHost } from '@firebreak/incident';
import nodemailer, { type Transporter } from 'nodemailer';
import type { EmailMessage } from './notification-emails.js';
import { signWebhook, WEBHOOK_DELIVERY_HEADER, WEBHOOK_SIGNATURE_HEADER } from './webhook-signature.js';

/** Sends email over SMTP (nodemailer, pooled connections). */
export class SmtpEmailSender {
  private readonly transport: Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
    maxConnections = 5,
  ) {
    this.transport = nodemailer.createTransport({
      url: smtpUrl,
      pool: true,
      maxConnections,
      maxMessages: Infinity,
    } as never);
  }

  async send(message: EmailMessage): Promise<void> {
    await this.transport.sendMail({
      from: this.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      headers: { ...message.headers },
    });
  }

  close(): void {
    this.transport.close();
  }
}

/** POSTs signed JSON over keep-alive connections; any 2xx is delivered, anything else (or no answer in time) a failure. */
export class WebhookSender {
  private readonly agents = {
    'http:': new HttpAgent({ keepAlive: true, maxSockets: 64 }),
    'https:': new HttpsAgent({ keepAlive: true, maxSockets: 64 }),
  };

  /**
   * `allowPrivate: false` also refuses names that resolve to loopback or private addresses at connect time, so
   * a public-looking webhook URL cannot reach the gateway's own network.
   */
  constructor(
    private readonly timeoutMs = 10_000,
    private readonly allowPrivate = true,
  ) {}

  private readonly lookup = (
    hostname: string,
    options: { all?: boolean },
    callback: (error: Error | null, address: string | LookupAddress[], family?: number) => void,
  ): void => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const allowed = this.allowPrivate
        ? addresses
        : addresses.filter((each) => !isPrivateHost(each.address));
      if (allowed.length === 0) return callback(new Error(`${hostname} resolves to a private address`), []);
      if (options.all) return callback(null, allowed);
      return callback(null, allowed[0]!.address, allowed[0]!.family);
    });
  };

  send(url: string, secret: string, deliveryId: string, body: string, now: Date): Promise<void> {
    const target = new URL(url);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const payload = Buffer.from(body, 'utf8');
    return new Promise<void>((resolve, reject) => {
      const request = send(
        target,
        {
          method: 'POST',
          agent: this.agents[target.protocol as 'http:' | 'https:'],
          lookup: this.lookup as never,
          timeout: this.timeoutMs,
          headers: {
            'content-type': 'application/json',
            'content-length': payload.length,
            'user-agent': 'Firebreak-Webhooks/1',
            [WEBHOOK_SIGNATURE_HEADER]: signWebhook(secret, body, Math.floor(now.getTime() / 1000)),
            [WEBHOOK_DELIVERY_HEADER]: deliveryId,
          },
        },
        (response) => {
          response.resume();
          response.on('end', () => {
            const status = response.statusCode ?? 0;
            if (status >= 200 && status < 300) resolve();
            else reject(new Error(`HTTP ${status}`));
          });
          response.on('error', reject);
        },
      );
      request.on('timeout', () => request.destroy(new Error(`no answer within ${this.timeoutMs} ms`)));
      request.on('error', reject);
      request.end(payload);
    });
  }

  close(): void {
    this.agents['http:'].destroy();
    this.agents['https:'].destroy();
  }
}
