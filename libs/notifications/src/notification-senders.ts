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

/** POSTs signed JSON; any 2xx is delivered, anything else (or no answer in time) a failure. */
export class WebhookSender {
  constructor(private readonly timeoutMs = 10_000) {}

  async send(url: string, secret: string, deliveryId: string, body: string, now: Date): Promise<void> {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Firebreak-Webhooks/1',
        [WEBHOOK_SIGNATURE_HEADER]: signWebhook(secret, body, Math.floor(now.getTime() / 1000)),
        [WEBHOOK_DELIVERY_HEADER]: deliveryId,
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    await response.arrayBuffer().catch(() => undefined);
    if (response.status < 200 || response.status >= 300) throw new Error(`HTTP ${response.status}`);
  }
}
