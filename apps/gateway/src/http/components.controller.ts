import { Body, Controller, Get, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type CommandContext, IncidentService } from '@firebreak/incident';
import { ApiCommandContext } from './api-context.js';
import { ComponentStatusBody, CreateComponentBody, jsonSchemaOf, validate } from './api-schemas.js';

@ApiTags('components')
@ApiBearerAuth()
@Controller('api/v1/components')
export class ComponentsController {
  constructor(private readonly incidents: IncidentService) {}

  @Get()
  @ApiOperation({ summary: 'Components shown on the status page' })
  list() {
    return this.incidents.components();
  }

  @Post()
  @ApiOperation({ summary: 'Add a component' })
  @ApiBody({ schema: jsonSchemaOf(CreateComponentBody) })
  create(@Body() body: unknown) {
    return this.incidents.createComponent(validate(CreateComponentBody, body));
  }

  @Put(':id/status')
  @ApiOperation({ summary: "Change a component's public status, optionally as part of an incident" })
  @ApiBody({ schema: jsonSchemaOf(ComponentStatusBody) })
  async changeStatus(
    @Param('id') id: string,
    @Body() body: unknown,
    @ApiCommandContext() context: CommandContext,
  ) {
    const input = validate(ComponentStatusBody, body);
    const component = (await this.incidents.components()).find((each) => each.id === id);
    const name = component?.name ?? id;
    await this.incidents.execute(
      {
        kind: 'component',
        ref: input.incident?.toUpperCase() ?? null,
        component: name,
        status: input.status,
      },
      context,
    );
    return (await this.incidents.components()).find((each) => each.name === name);
  }
}
