import { Body, Controller, Delete, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  Clock,
  MaintenanceService,
  maintenanceStatus,
  type CommandContext,
  type Maintenance,
} from '@firebreak/incident';
import { ApiCommandContext } from '../http/api-context.js';
import { jsonSchemaOf, validate } from '../http/api-schemas.js';
import { ListMaintenancesQuery, MaintenanceIdParam, ScheduleMaintenanceBody } from './maintenance.schemas.js';

/** Scheduled maintenance, shown on the status page; changes reach it through the outbox. */
@ApiTags('maintenances')
@ApiBearerAuth()
@Controller('api/v1/maintenances')
export class MaintenancesController {
  constructor(
    private readonly maintenances: MaintenanceService,
    private readonly clock: Clock,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Schedule a maintenance (start, end, components, text)' })
  @ApiBody({ schema: jsonSchemaOf(ScheduleMaintenanceBody) })
  async schedule(@Body() body: unknown, @ApiCommandContext() context: CommandContext) {
    const input = validate(ScheduleMaintenanceBody, body);
    const maintenance = await this.maintenances.schedule(
      {
        title: input.title,
        body: input.body,
        components: input.components,
        scheduledFor: new Date(input.scheduledFor),
        scheduledUntil: new Date(input.scheduledUntil),
      },
      context.actor,
    );
    return this.toResponse(maintenance);
  }

  @Get()
  @ApiOperation({ summary: 'Maintenances, latest start first' })
  async list(@Query() query: unknown) {
    const { limit } = validate(ListMaintenancesQuery, query, 'query');
    return (await this.maintenances.list(limit)).map((maintenance) => this.toResponse(maintenance));
  }

  @Get(':id')
  @ApiOperation({ summary: 'One maintenance' })
  async find(@Param('id') id: string) {
    return this.toResponse(await this.maintenances.find(validate(MaintenanceIdParam, id, 'id')));
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Cancel a maintenance that has not completed' })
  async cancel(@Param('id') id: string, @ApiCommandContext() context: CommandContext) {
    const cancelled = await this.maintenances.cancel(validate(MaintenanceIdParam, id, 'id'), context.actor);
    return this.toResponse(cancelled);
  }

  private toResponse(maintenance: Maintenance) {
    return {
      id: maintenance.id,
      title: maintenance.title,
      body: maintenance.body,
      components: maintenance.componentIds,
      scheduledFor: maintenance.scheduledFor.toISOString(),
      scheduledUntil: maintenance.scheduledUntil.toISOString(),
      status: maintenanceStatus(maintenance, this.clock.now()),
      cancelledAt: maintenance.cancelledAt?.toISOString() ?? null,
      createdAt: maintenance.createdAt.toISOString(),
      updatedAt: maintenance.updatedAt.toISOString(),
    };
  }
}
