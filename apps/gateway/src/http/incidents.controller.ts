import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Command, type CommandContext, IncidentService } from '@firebreak/incident';
import { ApiCommandContext } from './api-context.js';
import {
  AddActionItemBody,
  AddNoteBody,
  AssignRoleBody,
  ChangeStatusBody,
  DeclareIncidentBody,
  jsonSchemaOf,
  ListIncidentsQuery,
  PatchIncidentBody,
  PublishUpdateBody,
  RefParam,
  RoleParam,
  validate,
} from './api-schemas.js';

@ApiTags('incidents')
@ApiBearerAuth()
@Controller('api/v1/incidents')
export class IncidentsController {
  constructor(private readonly incidents: IncidentService) {}

  @Get()
  @ApiOperation({ summary: 'List incidents, newest first (filter with ?status=investigating,identified)' })
  list(@Query() query: unknown) {
    const { status, limit, offset } = validate(ListIncidentsQuery, query, 'query');
    return this.incidents.listIncidents({ ...(status ? { statuses: status } : {}), limit, offset });
  }

  @Post()
  @ApiOperation({ summary: 'Declare an incident' })
  @ApiBody({ schema: jsonSchemaOf(DeclareIncidentBody) })
  async declare(@Body() body: unknown, @ApiCommandContext() context: CommandContext) {
    const input = validate(DeclareIncidentBody, body);
    return (await this.incidents.execute({ kind: 'declare', ...input }, context)).incident;
  }

  @Get(':ref')
  @ApiOperation({ summary: 'One incident' })
  get(@Param('ref') ref: string) {
    return this.incidents.getIncident(validRef(ref));
  }

  @Patch(':ref')
  @ApiOperation({ summary: 'Change summary, impact, severity and/or status, all or nothing' })
  @ApiBody({ schema: jsonSchemaOf(PatchIncidentBody) })
  async patch(
    @Param('ref') ref: string,
    @Body() body: unknown,
    @ApiCommandContext() context: CommandContext,
  ) {
    const incidentRef = validRef(ref);
    const input = validate(PatchIncidentBody, body);
    const commands: Command[] = [];
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
  @ApiBody({ schema: jsonSchemaOf(ChangeStatusBody) })
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
  @ApiBody({ schema: jsonSchemaOf(AssignRoleBody) })
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
  timeline(@Param('ref') ref: string) {
    return this.incidents.timeline(validRef(ref));
  }

  @Post(':ref/timeline')
  @ApiOperation({ summary: 'Add a note to the timeline' })
  @ApiBody({ schema: jsonSchemaOf(AddNoteBody) })
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
  actions(@Param('ref') ref: string) {
    return this.incidents.actionItems(validRef(ref));
  }

  @Post(':ref/actions')
  @ApiOperation({ summary: 'Log an action or add a follow-up' })
  @ApiBody({ schema: jsonSchemaOf(AddActionItemBody) })
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
  updates(@Param('ref') ref: string) {
    return this.incidents.statusUpdates(validRef(ref));
  }

  @Post(':ref/updates')
  @ApiOperation({ summary: 'Publish a public status update' })
  @ApiBody({ schema: jsonSchemaOf(PublishUpdateBody) })
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
