import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import nodemailer, { type Transporter } from 'nodemailer';
import type { EmailMessage } from './notification-emails.js';
import { WebhookAddressPolicy } from './webhook-address-policy.js';
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

/** How the sender resolves names: `dns.lookup`'s callback form (tests pass their own). */
export type HostResolver = (
  hostname: string,
  options: { all: true; family?: number },
  callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

/**
 * POSTs signed JSON over keep-alive connections; any 2xx is delivered, anything else (or no answer in time) a
 * failure. Every connection is checked against the address policy when it is made, not when the URL was
 * stored: the agents resolve names through a lookup that drops every address the policy refuses (so DNS that
 * answers differently later, rebinding, cannot reach a private address), and an IP literal is checked before
 * connecting. Redirects are never followed: a 3xx is a failed delivery, so no hop escapes the check.
 */
export class WebhookSender {
  private readonly agents: { readonly 'http:': HttpAgent; readonly 'https:': HttpsAgent };

  constructor(
    private readonly timeoutMs = 10_000,
    private readonly policy = new WebhookAddressPolicy(),
    private readonly resolve: HostResolver = dnsLookup,
  ) {
    const options = { keepAlive: true, maxSockets: 64, lookup: this.lookup as never };
    this.agents = { 'http:': new HttpAgent(options), 'https:': new HttpsAgent(options) };
  }

  private readonly lookup = (
    hostname: string,
    options: { all?: boolean; family?: number },
    callback: (error: Error | null, address: string | LookupAddress[], family?: number) => void,
  ): void => {
    this.resolve(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const permitted = addresses.filter((each) => this.policy.permits(each.address));
      if (permitted.length === 0) return callback(new Error(`${hostname} resolves to no public address`), []);
      if (options.all) return callback(null, permitted);
      return callback(null, permitted[0]!.address, permitted[0]!.family);
    });
  };

  send(url: string, secret: string, deliveryId: string, body: string, now: Date): Promise<void> {
    const target = new URL(url);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const payload = Buffer.from(body, 'utf8');
    // Node connects to an IP literal without a lookup: check it here.
    if (isIP(target.hostname.replace(/^\[|\]$/g, '')) && !this.policy.permits(target.hostname))
      return Promise.reject(new Error(`${target.hostname} is not a public address`));
    return new Promise<void>((resolve, reject) => {
      const request = send(
        target,
        {
          method: 'POST',
          agent: this.agents[target.protocol as 'http:' | 'https:'],
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
