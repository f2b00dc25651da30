import { Controller, HttpCode, Inject, Post, Req, Res, type RawBodyRequest } from '@nestjs/common';
import type { APIInteraction, APIInteractionResponse } from 'discord.js';
import type { Request, Response } from 'express';
import { DiscordConnector } from './discord-connector.js';

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
    if (verdict !== 'valid') {
      response.status(401).json({ error: `invalid request signature (${verdict})` });
      return;
    }
    const answer = await new Promise<APIInteractionResponse>((resolve, reject) => {
      this.connector
        .handleInteraction(request.body as APIInteraction, async (initial) => resolve(initial))
        .then(() => reject(new Error('The interaction was handled without a response.')), reject);
    });
    response.status(200).json(answer);
  }
}
