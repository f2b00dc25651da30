import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type CommandContext, IncidentService } from '@firebreak/incident';
import { ApiCommandContext } from './api-context.js';
import { validate } from './api-schemas.js';
import { z } from 'zod';

const ItemId = z.coerce.number().int().positive('must be an item number');

@ApiTags('follow-ups')
@ApiBearerAuth()
@Controller('api/v1')
export class ActionItemsController {
  constructor(private readonly incidents: IncidentService) {}

  @Get('followups')
  @ApiOperation({ summary: 'Open follow-ups across all incidents' })
  openFollowups() {
    return this.incidents.listOpenFollowups();
  }

  @Post('actions/:id/done')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark an action or follow-up done' })
  async markDone(@Param('id') id: string, @ApiCommandContext() context: CommandContext) {
    const result = await this.incidents.execute(
      { kind: 'done', itemId: validate(ItemId, id, 'id') },
      context,
    );
    return result.message;
  }
}
