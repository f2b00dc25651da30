import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Command, type CommandContext, IncidentService, parseTime } from '@firebreak/incident';
import { ApiCommandContext } from './api-context.js';
import {
  AddActionItemBody,
  AddNoteBody,
  AssignRoleBody,
  ChangeStatusBody,
  DeclareIncidentBody,
  ListIncidentsQuery,
  PatchIncidentBody,
  PublishUpdateBody,
  RefParam,
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

  @Get()
  @ApiOperation({ summary: 'List incidents, newest first (filter with ?status=investigating,identified)' })
  @ApiQueryParameters(ListIncidentsQuery)
  @ApiAnswer(200, 'The incidents', [IncidentSchema])
  @ApiProblems(400, 401)
  list(@Query() query: unknown, @ApiCommandContext() context: CommandContext) {
    const { status, limit, offset } = validate(ListIncidentsQuery, query, 'query');
    return this.incidents.listIncidents({ ...(status ? { statuses: status } : {}), limit, offset }, context);
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
    return (await this.incidents.execute(command, context)).incident;
  }

  @Get(':ref')
  @ApiOperation({ summary: 'One incident' })
  @ApiAnswer(200, 'The incident', IncidentSchema)
  @ApiProblems(400, 401, 404)
  get(@Param('ref') ref: string, @ApiCommandContext() context: CommandContext) {
    return this.incidents.getIncident(validRef(ref), context);
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
    @Param('ref') ref: string,
    @Body() body: unknown,
    @ApiCommandContext() context: CommandContext,
  ) {
    const incidentRef = validRef(ref);
    const input = validate(PatchIncidentBody, body);
    const commands: Command[] = [];
    if (input.title) commands.push({ kind: 'title', ref: incidentRef, text: input.title });
    if (input.publicTitle) commands.push({ kind: 'public_title', ref: incidentRef, text: input.publicTitle });
    if (input.publicImpact)
      commands.push({ kind: 'public_impact', ref: incidentRef, impact: input.publicImpact });
    if (input.summary) commands.push({ kind: 'summary', ref: incidentRef, text: input.summary });
    if (input.impact) commands.push({ kind: 'impact', ref: incidentRef, text: input.impact });
    if (input.severity) commands.push({ kind: 'severity', ref: incidentRef, severity: input.severity });
    if (input.status) commands.push(statusCommand(incidentRef, input.status));
    await this.incidents.executeAll(commands, context);
    return this.incidents.getIncident(incidentRef);
  }

  @Post(':ref/status')
  @HttpCode(200)
  @ApiOperation({ summary: 'Move the incident to a status (closed closes it)' })
  @ApiRequestBody(ChangeStatusBody)
  @ApiAnswer(200, 'The incident after the change', IncidentSchema)
  @ApiProblems(400, 401, 403, 404, 409)
  async changeStatus(
    @Param('ref') ref: string,
    @Body() body: unknown,
    @ApiCommandContext() context: CommandContext,
  ) {
    const { status } = validate(ChangeStatusBody, body);
    return (await this.incidents.execute(statusCommand(validRef(ref), status), context)).incident;
  }

  @Put(':ref/roles/:role')
  @ApiOperation({ summary: 'Assign a role (no user: the token user takes it)' })
  @ApiRequestBody(AssignRoleBody)
  @ApiAnswer(200, 'The incident after the change', IncidentSchema)
  @ApiProblems(400, 401, 403, 404, 409)
  async assignRole(
    @Param('ref') ref: string,
    @Param('role') role: string,
    @Body() body: unknown,
    @ApiCommandContext() context: CommandContext,
  ) {
    const input = validate(AssignRoleBody, body);
    const mentioned = input.user && input.displayName ? { [input.user]: input.displayName } : {};
    const command: Command = {
      kind: 'role',
      ref: validRef(ref),
      role: validate(RoleParam, role, 'role'),
      user: input.user ?? null,
      // A PUT names who is to hold the role: it is the confirmation a chat user gives with `--confirm`.
      confirm: true,
    };
    return (await this.incidents.execute(command, { ...context, mentioned })).incident;
  }

  @Delete(':ref/roles/:role')
  @ApiOperation({ summary: 'Leave a role unassigned' })
  @ApiAnswer(200, 'The incident after the change', IncidentSchema)
  @ApiProblems(400, 401, 403, 404, 409)
  async unassignRole(
    @Param('ref') ref: string,
    @Param('role') role: string,
    @ApiCommandContext() context: CommandContext,
  ) {
    const command: Command = {
      kind: 'unassign',
      ref: validRef(ref),
      role: validate(RoleParam, role, 'role'),
    };
    return (await this.incidents.execute(command, context)).incident;
  }

  @Get(':ref/timeline')
  @ApiOperation({ summary: 'The incident timeline, oldest first' })
  @ApiAnswer(200, 'The timeline entries', [TimelineEntrySchema])
  @ApiProblems(400, 401, 404)
  timeline(@Param('ref') ref: string, @ApiCommandContext() context: CommandContext) {
    return this.incidents.timeline(validRef(ref), undefined, context);
  }

  @Post(':ref/timeline')
  @ApiOperation({ summary: 'Add a note to the timeline' })
  @ApiRequestBody(AddNoteBody)
  @ApiAnswer(201, 'The note as it stands in the timeline', TimelineEntrySchema)
  @ApiProblems(400, 401, 403, 404, 409)
  async addNote(
    @Param('ref') ref: string,
    @Body() body: unknown,
    @ApiCommandContext() context: CommandContext,
  ) {
    const { text } = validate(AddNoteBody, body);
    const incidentRef = validRef(ref);
    await this.incidents.execute({ kind: 'note', ref: incidentRef, text }, context);
    return (await this.incidents.timeline(incidentRef)).at(-1);
  }

  @Get(':ref/actions')
  @ApiOperation({ summary: 'Actions and follow-ups of the incident' })
  @ApiAnswer(200, 'The actions and follow-ups', [ActionItemSchema])
  @ApiProblems(400, 401, 404)
  actions(@Param('ref') ref: string, @ApiCommandContext() context: CommandContext) {
    return this.incidents.actionItems(validRef(ref), context);
  }

  @Post(':ref/actions')
  @ApiOperation({ summary: 'Log an action or add a follow-up' })
  @ApiRequestBody(AddActionItemBody)
  @ApiAnswer(201, 'The action or follow-up added', ActionItemSchema)
  @ApiProblems(400, 401, 403, 404, 409)
  async addActionItem(
    @Param('ref') ref: string,
    @Body() body: unknown,
    @ApiCommandContext() context: CommandContext,
  ) {
    const input = validate(AddActionItemBody, body);
    const incidentRef = validRef(ref);
    const command: Command =
      input.kind === 'action'
        ? { kind: 'action', ref: incidentRef, text: input.text }
        : {
            kind: 'followup',
            ref: incidentRef,
            text: input.text,
            owner: input.owner ?? null,
            dueAt: input.due ? new Date(`${input.due}T23:59:59.000Z`) : null,
          };
    const mentioned = input.owner && input.ownerName ? { [input.owner]: input.ownerName } : {};
    await this.incidents.execute(command, { ...context, mentioned });
    return (await this.incidents.actionItems(incidentRef)).at(-1);
  }

  @Get(':ref/updates')
  @ApiOperation({ summary: 'Public status updates, newest first' })
  @ApiAnswer(200, 'The published updates', [StatusUpdateSchema])
  @ApiProblems(400, 401, 404)
  updates(@Param('ref') ref: string, @ApiCommandContext() context: CommandContext) {
    return this.incidents.statusUpdates(validRef(ref), context);
  }

  @Post(':ref/updates')
  @ApiOperation({ summary: 'Publish a public status update' })
  @ApiRequestBody(PublishUpdateBody)
  @ApiAnswer(201, 'The update as published', StatusUpdateSchema)
  @ApiProblems(400, 401, 403, 404, 409)
  async publishUpdate(
    @Param('ref') ref: string,
    @Body() body: unknown,
    @ApiCommandContext() context: CommandContext,
  ) {
    const input = validate(PublishUpdateBody, body);
    const incidentRef = validRef(ref);
    await this.incidents.execute({ kind: 'update', ref: incidentRef, body: input.body }, context);
    return (await this.incidents.statusUpdates(incidentRef))[0];
  }
}

function validRef(ref: string): string {
  return validate(RefParam, ref, 'ref').toUpperCase();
}

function statusCommand(ref: string, status: string): Command {
  if (status === 'closed') return { kind: 'close', ref, override: null };
  return { kind: 'status', ref, status: status as Extract<Command, { kind: 'status' }>['status'] };
}
