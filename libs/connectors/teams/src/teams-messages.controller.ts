import { Controller, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { FirebreakTeamsBot } from './firebreak-teams.bot.js';
import { TeamsCloudAdapter } from './teams-cloud-adapter.js';
import { TeamsEndpointGuard } from './teams-endpoint.guard.js';

/**
 * The Bot Framework messaging endpoint. The guard refuses what must never reach the bot (connector off,
 * development mode from elsewhere than loopback); the adapter verifies the Bot Framework token itself (the
 * host app's API auth does not apply) and writes the response, so the handler returns nothing.
 */
@ApiExcludeController()
@UseGuards(TeamsEndpointGuard)
@Controller('api/messages')
export class TeamsMessagesController {
  constructor(
    private readonly adapter: TeamsCloudAdapter,
    private readonly bot: FirebreakTeamsBot,
  ) {}

  @Post()
  @HttpCode(200)
  async receive(@Req() request: Request, @Res() response: Response): Promise<void> {
    await this.adapter.process(request, response, (context) => this.bot.run(context));
  }
}
