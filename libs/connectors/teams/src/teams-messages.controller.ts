import { Controller, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { HttpProblem, problem, unauthorized } from '@firebreak/operations';
import { FirebreakTeamsBot } from './firebreak-teams.bot.js';
import { TeamsCloudAdapter } from './teams-cloud-adapter.js';
import { TeamsEndpointGuard } from './teams-endpoint.guard.js';

/** The Bot Framework sends a JWT bearer token from its own token service, not the API's. */
const BOT_FRAMEWORK_CHALLENGE = 'Bearer realm="botframework"';

/**
 * The Bot Framework messaging endpoint. The guard refuses what must never reach the bot (connector off,
 * development mode from elsewhere than loopback); the adapter verifies the Bot Framework token itself (the
 * host app's API auth does not apply); its refusals become problems for the host app's filter.
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
    const body: unknown = request.body;
    if (typeof body !== 'object' || body === null || typeof (body as { type?: unknown }).type !== 'string')
      throw new HttpProblem(
        problem(400, 'The body must be a Bot Framework activity (a JSON object with a type).'),
      );
    const answer = await this.adapter.answer(request, (context) => this.bot.run(context));
    if (answer.status === 401)
      throw unauthorized('The Bot Framework token is missing or not valid.', BOT_FRAMEWORK_CHALLENGE);
    // Internal failures are logged with an error id by the filter; the caller never sees their message.
    if (answer.status >= 500)
      throw new Error(`Teams activity failed: ${String(answer.body ?? answer.status)}`);
    if (answer.status >= 400) throw new HttpProblem(problem(answer.status, 'The activity was refused.'));
    response.status(answer.status);
    if (answer.body === undefined) response.end();
    else response.send(answer.body);
  }
}
