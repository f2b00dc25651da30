import { Controller, HttpCode, Inject, Post, Req, Res, type RawBodyRequest } from '@nestjs/common';
import type { APIInteraction, APIInteractionResponse } from 'discord.js';
import type { Request, Response } from 'express';
import { unauthorized } from '@firebreak/operations';
import { DiscordConnector } from './discord-connector.js';
import type { SignatureVerdict } from './discord-signature.js';

/**
 * Discord authenticates with a signature over the request, not a token; the challenge names that scheme
 * (as HTTP Signatures drafts do) and the headers it covers, since RFC 9110 wants a challenge on every 401.
 */
const SIGNATURE_CHALLENGE =
  'Signature realm="discord-interactions", headers="x-signature-ed25519 x-signature-timestamp"';

const REFUSALS: Readonly<Record<Exclude<SignatureVerdict, 'valid'>, string>> = {
  missing: 'The request is not signed (X-Signature-Ed25519 and X-Signature-Timestamp are required).',
  forged: 'The request signature does not match its body.',
  stale: 'The request signature is too old.',
};

/**
 * Discord's HTTP interactions endpoint. Verifies the Ed25519 signature over the raw body, answers within
 * Discord's 3-second budget (pong, autocomplete, form or a deferral) and follows up through the webhook.
 * Public: the gateway marks it so its bearer-token guard lets Discord through.
 */
@Controller('discord')
export class DiscordInteractionsController {
  constructor(@Inject(DiscordConnector) private readonly connector: DiscordConnector) {}

  @Post('interactions')
  @HttpCode(200)
  async interactions(@Req() request: RawBodyRequest<Request>, @Res() response: Response): Promise<void> {
    const verdict = this.connector.verifySignature(
      request.header('x-signature-ed25519'),
      request.header('x-signature-timestamp'),
      request.rawBody,
    );
    if (verdict !== 'valid') throw unauthorized(REFUSALS[verdict], SIGNATURE_CHALLENGE);
    const answer = await new Promise<APIInteractionResponse>((resolve, reject) => {
      this.connector
        .handleInteraction(request.body as APIInteraction, async (initial) => resolve(initial))
        .then(() => reject(new Error('The interaction was handled without a response.')), reject);
    });
    response.status(200).json(answer);
  }
}
