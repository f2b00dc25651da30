import { Body, Controller, Delete, Get, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import {
  Clock,
  MaintenanceService,
  maintenanceStatus,
  type CommandContext,
  type Maintenance,
} from '@firebreak/incident';
import { ApiCommandContext } from './api-context.js';
import { validate } from './api-schemas.js';
import { ApiAnswer, ApiProblems, ApiQueryParameters, ApiRequestBody } from './openapi-document.js';
import {
  ListMaintenancesQuery,
  MaintenanceIdParam,
  MaintenanceSchema,
  ScheduleMaintenanceBody,
} from './maintenance.schemas.js';

/** Scheduled maintenance, shown on the status page; changes reach it through the outbox. */
@ApiTags('maintenances')
@Controller('api/v1/maintenances')
export class MaintenancesController {
  constructor(
    private readonly maintenances: MaintenanceService,
    private readonly clock: Clock,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Schedule a maintenance (start, end, components, text)' })
  @ApiRequestBody(ScheduleMaintenanceBody)
  @ApiAnswer(201, 'The maintenance as scheduled', MaintenanceSchema)
  @ApiProblems(400, 401, 404)
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
  @ApiQueryParameters(ListMaintenancesQuery)
  @ApiAnswer(200, 'The maintenances', [MaintenanceSchema])
  @ApiProblems(400, 401)
  async list(@Query() query: unknown) {
    const { limit } = validate(ListMaintenancesQuery, query, 'query');
    return (await this.maintenances.list(limit)).map((maintenance) => this.toResponse(maintenance));
  }

  @Get(':id')
  @ApiOperation({ summary: 'One maintenance' })
  @ApiAnswer(200, 'The maintenance', MaintenanceSchema)
  @ApiProblems(400, 401, 404)
  async find(@Param('id') id: string) {
    return this.toResponse(await this.maintenances.find(validate(MaintenanceIdParam, id, 'id')));
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Cancel a maintenance that has not completed' })
  @ApiAnswer(200, 'The maintenance, cancelled', MaintenanceSchema)
  @ApiProblems(400, 401, 404, 409)
  async cancel(@Param('id') id: string, @ApiCommandContext() context: CommandContext) {
    const cancelled = await this.maintenances.cancel(validate(MaintenanceIdParam, id, 'id'), context.actor);
    return this.toResponse(cancelled);
  }

  private toResponse(maintenance: Maintenance): z.output<typeof MaintenanceSchema> {
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
