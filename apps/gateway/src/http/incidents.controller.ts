import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  type Command,
  type CommandContext,
  type Incident,
  IncidentService,
  parseDueDate,
  parseTime,
  recordOf,
  type SettableStatus,
} from '@firebreak/incident';
import { ApiCommandContext } from './api-context.js';
import { IncidentRefPipe } from './incident-ref.pipe.js';
import { incidentJson } from './incident-json.js';
import {
  AddActionItemBody,
  AddNoteBody,
  AssignRoleBody,
  ChangeStatusBody,
  DeclareIncidentBody,
  ListIncidentsQuery,
  PatchIncidentBody,
  PublishUpdateBody,
  RoleParam,
  validate,
} from './api-schemas.js';
import {
  ActionItemSchema,
  IncidentSchema,
  StatusUpdateSchema,
  TimelineEntrySchema,
} from './api-response-schemas.js';
import { ApiAnswer, ApiProblems, ApiQueryParameters, ApiRequestBody } from './openapi-document.js';

@ApiTags('incidents')
@Controller('api/v1/incidents')
export class IncidentsController {
  constructor(private readonly incidents: IncidentService) {}

  private json(incident: Incident | null) {
    return incidentJson(this.incidents, incident);
  }

  @Get()
  @ApiOperation({ summary: 'List incidents, newest first (filter with ?status=investigating,identified)' })
  @ApiQueryParameters(ListIncidentsQuery)
  @ApiAnswer(200, 'The incidents', [IncidentSchema])
  @ApiProblems(400, 401)
  async list(@Query() query: unknown, @ApiCommandContext() context: CommandContext) {
    const { status, limit, offset } = validate(ListIncidentsQuery, query, 'query');
    const listed = await this.incidents.listIncidents(
      { ...(status ? { statuses: status } : {}), limit, offset },
      context,
    );
    return listed.map((incident) => this.json(incident));
  }

  @Post()
  @ApiOperation({ summary: 'Declare an incident' })
  @ApiRequestBody(DeclareIncidentBody)
  @ApiAnswer(201, 'The incident declared', IncidentSchema)
  @ApiProblems(400, 401)
  async declare(@Body() body: unknown, @ApiCommandContext() context: CommandContext) {
    const { past, ...input } = validate(DeclareIncidentBody, body);
    const command: Command = {
      kind: 'declare',
      ...input,
      ...(past
        ? {
            past: {
              started: parseTime(past.startedAt, 'past.startedAt'),
              resolved: past.resolvedAt ? parseTime(past.resolvedAt, 'past.resolvedAt') : null,
            },
          }
        : {}),
    };
    const result = await this.incidents.execute(command, context);
    return this.json(recordOf(result.records, 'incident').incident);
  }

  @Get(':ref')
  @ApiOperation({ summary: 'One incident' })
  @ApiAnswer(200, 'The incident', IncidentSchema)
  @ApiProblems(400, 401, 404)
  async get(@Param('ref', IncidentRefPipe) ref: string, @ApiCommandContext() context: CommandContext) {
    return this.json(await this.incidents.getIncident(ref, context));
  }

  @Patch(':ref')
  @ApiOperation({
    summary:
      'Change title, public title, public impact, summary, impact, severity and/or status, all or nothing',
  })
  @ApiRequestBody(PatchIncidentBody)
  @ApiAnswer(200, 'The incident after the change', IncidentSchema)
  @ApiProblems(400, 401, 403, 404, 409)
  async patch(
    @Param('ref', IncidentRefPipe) ref: string,
    @Body() body: unknown,
    @ApiCommandContext() context: CommandContext,
  ) {
    const input = validate(PatchIncidentBody, body);
    const commands: Command[] = [];
    if (input.title) commands.push({ kind: 'title', ref, text: input.title });
    if (input.publicTitle) commands.push({ kind: 'public_title', ref, text: input.publicTitle });
    if (input.publicImpact) commands.push({ kind: 'public_impact', ref, impact: input.publicImpact });
    if (input.summary) commands.push({ kind: 'summary', ref, text: input.summary });
    if (input.impact) commands.push({ kind: 'impact', ref, text: input.impact });
    if (input.severity) commands.push({ kind: 'severity', ref, severity: input.severity });
    if (input.status) commands.push(statusCommand(ref, input.status));
    await this.incidents.executeAll(commands, context);
    return this.json(await this.incidents.getIncident(ref));
  }

  @Post(':ref/status')
  @HttpCode(200)
  @ApiOperation({ summary: 'Move the incident to a status (closed closes it)' })
  @ApiRequestBody(ChangeStatusBody)
  @ApiAnswer(200, 'The incident after the change', IncidentSchema)
  @ApiProblems(400, 401, 403, 404, 409)
  async changeStatus(
    @Param('ref', IncidentRefPipe) ref: string,
    @Body() body: unknown,
    @ApiCommandContext() context: CommandContext,
  ) {
    const { status } = validate(ChangeStatusBody, body);
    return this.json((await this.incidents.execute(statusCommand(ref, status), context)).incident);
  }

  @Put(':ref/roles/:role')
  @ApiOperation({ summary: 'Assign a role (no user: the token user takes it)' })
  @ApiRequestBody(AssignRoleBody)
  @ApiAnswer(200, 'The incident after the change', IncidentSchema)
  @ApiProblems(400, 401, 403, 404, 409)
  async assignRole(
    @Param('ref', IncidentRefPipe) ref: string,
    @Param('role') role: string,
    @Body() body: unknown,
    @ApiCommandContext() context: CommandContext,
  ) {
    const input = validate(AssignRoleBody, body);
    const mentioned = input.user && input.displayName ? { [input.user]: input.displayName } : {};
    const command: Command = {
      kind: 'role',
      ref: ref,
      role: validate(RoleParam, role, 'role'),
      user: input.user ?? null,
      // A PUT names who is to hold the role: it is the confirmation a chat user gives with `--confirm`.
      confirm: true,
    };
    return this.json((await this.incidents.execute(command, { ...context, mentioned })).incident);
  }

  @Delete(':ref/roles/:role')
  @ApiOperation({ summary: 'Leave a role unassigned' })
  @ApiAnswer(200, 'The incident after the change', IncidentSchema)
  @ApiProblems(400, 401, 403, 404, 409)
  async unassignRole(
    @Param('ref', IncidentRefPipe) ref: string,
    @Param('role') role: string,
    @ApiCommandContext() context: CommandContext,
  ) {
    const command: Command = {
      kind: 'unassign',
      ref: ref,
      role: validate(RoleParam, role, 'role'),
    };
    return this.json((await this.incidents.execute(command, context)).incident);
  }

  @Get(':ref/timeline')
  @ApiOperation({ summary: 'The incident timeline, oldest first' })
  @ApiAnswer(200, 'The timeline entries', [TimelineEntrySchema])
  @ApiProblems(400, 401, 404)
  timeline(@Param('ref', IncidentRefPipe) ref: string, @ApiCommandContext() context: CommandContext) {
    return this.incidents.timeline(ref, undefined, context);
  }

  @Post(':ref/timeline')
  @ApiOperation({ summary: 'Add a note to the timeline' })
  @ApiRequestBody(AddNoteBody)
  @ApiAnswer(201, 'The note as it stands in the timeline', TimelineEntrySchema)
  @ApiProblems(400, 401, 403, 404, 409)
  async addNote(
    @Param('ref', IncidentRefPipe) ref: string,
    @Body() body: unknown,
    @ApiCommandContext() context: CommandContext,
  ) {
    const { text } = validate(AddNoteBody, body);
    const result = await this.incidents.execute({ kind: 'note', ref, text }, context);
    return recordOf(result.records, 'timeline_entry').entry;
  }

  @Get(':ref/actions')
  @ApiOperation({ summary: 'Actions and follow-ups of the incident' })
  @ApiAnswer(200, 'The actions and follow-ups', [ActionItemSchema])
  @ApiProblems(400, 401, 404)
  actions(@Param('ref', IncidentRefPipe) ref: string, @ApiCommandContext() context: CommandContext) {
    return this.incidents.actionItems(ref, context);
  }

  @Post(':ref/actions')
  @ApiOperation({ summary: 'Log an action or add a follow-up' })
  @ApiRequestBody(AddActionItemBody)
  @ApiAnswer(201, 'The action or follow-up added', ActionItemSchema)
  @ApiProblems(400, 401, 403, 404, 409)
  async addActionItem(
    @Param('ref', IncidentRefPipe) ref: string,
    @Body() body: unknown,
    @ApiCommandContext() context: CommandContext,
  ) {
    const input = validate(AddActionItemBody, body);
    const command: Command =
      input.kind === 'action'
        ? { kind: 'action', ref, text: input.text }
        : {
            kind: 'followup',
            ref,
            text: input.text,
            owner: input.owner ?? null,
            dueAt: input.due ? parseDueDate(input.due) : null,
          };
    const mentioned = input.owner && input.ownerName ? { [input.owner]: input.ownerName } : {};
    const result = await this.incidents.execute(command, { ...context, mentioned });
    return recordOf(result.records, 'action_item').item;
  }

  @Get(':ref/updates')
  @ApiOperation({ summary: 'Public status updates, newest first' })
  @ApiAnswer(200, 'The published updates', [StatusUpdateSchema])
  @ApiProblems(400, 401, 404)
  updates(@Param('ref', IncidentRefPipe) ref: string, @ApiCommandContext() context: CommandContext) {
    return this.incidents.statusUpdates(ref, context);
  }

  @Post(':ref/updates')
  @ApiOperation({ summary: 'Publish a public status update' })
  @ApiRequestBody(PublishUpdateBody)
  @ApiAnswer(201, 'The update as published', StatusUpdateSchema)
  @ApiProblems(400, 401, 403, 404, 409)
  async publishUpdate(
    @Param('ref', IncidentRefPipe) ref: string,
    @Body() body: unknown,
    @ApiCommandContext() context: CommandContext,
  ) {
    const input = validate(PublishUpdateBody, body);
    const command: Command = { kind: 'update', ref, body: input.body };
    return recordOf((await this.incidents.execute(command, context)).records, 'status_update').update;
  }
}

function statusCommand(ref: string, status: SettableStatus | 'closed'): Command {
  if (status === 'closed') return { kind: 'close', ref, override: null };
  return { kind: 'status', ref, status };
}
