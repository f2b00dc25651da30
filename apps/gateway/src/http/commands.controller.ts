import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type CommandContext, IncidentService } from '@firebreak/incident';
import { ApiCommandContext } from './api-context.js';
import { incidentJson } from './incident-json.js';
import { RunCommandBody, validate } from './api-schemas.js';
import { CommandAnswerSchema } from './api-response-schemas.js';
import { ApiAnswer, ApiProblems, ApiRequestBody } from './openapi-document.js';

/** The chat command language over HTTP: the same parser and handlers the connectors use. */
@ApiTags('commands')
@Controller('api/v1/commands')
export class CommandsController {
  constructor(private readonly incidents: IncidentService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Run one command of the command language, e.g. {"text": "sev INC-3 critical"}' })
  @ApiRequestBody(RunCommandBody)
  @ApiAnswer(200, 'The reply and the incident the command was about', CommandAnswerSchema)
  @ApiProblems(400, 401, 403, 404, 409, 429)
  async run(@Body() body: unknown, @ApiCommandContext() context: CommandContext) {
    const input = validate(RunCommandBody, body);
    const result = await this.incidents.run(input.text, { ...context, mentioned: input.mentioned ?? {} });
    const incident = incidentJson(this.incidents, result.incident);
    return { message: result.message, incident, replayed: result.replayed };
  }
}
