import { Body, Controller, Get, Param, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Command, type CommandContext, IncidentService, recordOf } from '@firebreak/incident';
import { ApiCommandContext } from './api-context.js';
import { ComponentStatusBody, CreateComponentBody, validate } from './api-schemas.js';
import { ComponentSchema } from './api-response-schemas.js';
import { ApiAnswer, ApiProblems, ApiRequestBody } from './openapi-document.js';

@ApiTags('components')
@Controller('api/v1/components')
export class ComponentsController {
  constructor(private readonly incidents: IncidentService) {}

  @Get()
  @ApiOperation({ summary: 'Components shown on the status page' })
  @ApiAnswer(200, 'The components, in page order', [ComponentSchema])
  @ApiProblems(401)
  list() {
    return this.incidents.components();
  }

  @Post()
  @ApiOperation({ summary: 'Add a component' })
  @ApiRequestBody(CreateComponentBody)
  @ApiAnswer(201, 'The component added', ComponentSchema)
  @ApiProblems(400, 401, 409)
  create(@Body() body: unknown) {
    return this.incidents.createComponent(validate(CreateComponentBody, body));
  }

  @Put(':id/status')
  @ApiOperation({ summary: "Change a component's public status, optionally as part of an incident" })
  @ApiRequestBody(ComponentStatusBody)
  @ApiAnswer(200, 'The component after the change', ComponentSchema)
  @ApiProblems(400, 401, 403, 404, 409)
  async changeStatus(
    @Param('id') id: string,
    @Body() body: unknown,
    @ApiCommandContext() context: CommandContext,
  ) {
    const input = validate(ComponentStatusBody, body);
    const command: Command = {
      kind: 'component',
      ref: input.incident ?? null,
      component: id,
      status: input.status,
    };
    return recordOf((await this.incidents.execute(command, context)).records, 'component').component;
  }
}
