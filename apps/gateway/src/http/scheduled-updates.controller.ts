import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  type Command,
  type CommandContext,
  CommunicationsQueries,
  IncidentService,
  type UpdateBody,
  parseDelay,
  parseTime,
  recordOf,
} from '@firebreak/incident';
import { ApiCommandContext } from './api-context.js';
import { DraftUpdateBody, IdParam, ScheduleUpdateBody, validate } from './api-schemas.js';
import { IncidentRefPipe } from './incident-ref.pipe.js';
import {
  ScheduledUpdateSchema,
  StatusUpdateSchema,
  UpdateDraftSchema,
  UpdateTemplatesSchema,
} from './api-response-schemas.js';
import { ApiAnswer, ApiProblems, ApiRequestBody } from './openapi-document.js';

const bodyOf = (input: { body?: string; template?: string }): UpdateBody =>
  input.body ? { kind: 'text', text: input.body } : { kind: 'template', name: input.template!.toLowerCase() };

/** Scheduled updates and drafts over HTTP; every change runs the same commands as chat. */
@ApiTags('communications')
@Controller('api/v1')
export class ScheduledUpdatesController {
  constructor(
    private readonly incidents: IncidentService,
    @Inject(CommunicationsQueries) private readonly queries: CommunicationsQueries,
  ) {}

  @Get('update-templates')
  @ApiOperation({ summary: 'Configured public update templates, by name' })
  @ApiAnswer(200, 'The templates', UpdateTemplatesSchema)
  @ApiProblems(401)
  templates() {
    return this.queries.templates();
  }

  @Get('incidents/:ref/scheduled-updates')
  @ApiOperation({ summary: 'Scheduled updates still to be published, soonest first' })
  @ApiAnswer(200, 'The scheduled updates', [ScheduledUpdateSchema])
  @ApiProblems(400, 401, 404)
  scheduled(@Param('ref', IncidentRefPipe) ref: string) {
    return this.queries.scheduledUpdates(ref);
  }

  @Post('incidents/:ref/scheduled-updates')
  @ApiOperation({ summary: 'Schedule a public update ({body|template, at|in})' })
  @ApiRequestBody(ScheduleUpdateBody)
  @ApiAnswer(201, 'The update as scheduled', ScheduledUpdateSchema)
  @ApiProblems(400, 401, 403, 404, 409)
  async schedule(
    @Param('ref', IncidentRefPipe) ref: string,
    @Body() body: unknown,
    @ApiCommandContext() context: CommandContext,
  ) {
    const input = validate(ScheduleUpdateBody, body);
    const when = input.at ? parseTime(input.at, 'at') : parseDelay(input.in!, 'in');
    const command: Command = { kind: 'update_later', ref, body: bodyOf(input), when };
    const result = await this.incidents.execute(command, context);
    return recordOf(result.records, 'scheduled_update').scheduled;
  }

  @Delete('scheduled-updates/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Cancel a scheduled update' })
  @ApiAnswer(204, 'Cancelled')
  @ApiProblems(400, 401, 403, 404, 409)
  async cancel(@Param('id') id: string, @ApiCommandContext() context: CommandContext) {
    await this.incidents.execute({ kind: 'cancel_update', id: validate(IdParam, id, 'id') }, context);
  }

  @Get('incidents/:ref/update-drafts')
  @ApiOperation({ summary: 'Proposed updates awaiting approval' })
  @ApiAnswer(200, 'The drafts', [UpdateDraftSchema])
  @ApiProblems(400, 401, 404)
  drafts(@Param('ref', IncidentRefPipe) ref: string) {
    return this.queries.drafts(ref);
  }

  @Post('incidents/:ref/update-drafts')
  @ApiOperation({ summary: 'Propose a public update for the communications lead to approve' })
  @ApiRequestBody(DraftUpdateBody)
  @ApiAnswer(201, 'The draft as proposed', UpdateDraftSchema)
  @ApiProblems(400, 401, 403, 404, 409)
  async propose(
    @Param('ref', IncidentRefPipe) ref: string,
    @Body() body: unknown,
    @ApiCommandContext() context: CommandContext,
  ) {
    const input = validate(DraftUpdateBody, body);
    const command: Command = { kind: 'update_draft', ref, body: bodyOf(input) };
    return recordOf((await this.incidents.execute(command, context)).records, 'update_draft').draft;
  }

  @Post('update-drafts/:id/approve')
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve a draft: it is published to the status page' })
  @ApiAnswer(200, 'The update as published', StatusUpdateSchema)
  @ApiProblems(400, 401, 403, 404, 409)
  async approve(@Param('id') id: string, @ApiCommandContext() context: CommandContext) {
    const result = await this.incidents.execute(
      { kind: 'approve', draftId: validate(IdParam, id, 'id') },
      context,
    );
    return recordOf(result.records, 'status_update').update;
  }
}
