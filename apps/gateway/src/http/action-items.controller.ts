import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type CommandContext, IncidentService } from '@firebreak/incident';
import { ApiCommandContext } from './api-context.js';
import { ItemId, validate } from './api-schemas.js';
import { ActionItemSchema, ChatMessageSchema } from './api-response-schemas.js';
import { ApiAnswer, ApiProblems } from './openapi-document.js';

@ApiTags('follow-ups')
@Controller('api/v1')
export class ActionItemsController {
  constructor(private readonly incidents: IncidentService) {}

  @Get('followups')
  @ApiOperation({ summary: 'Open follow-ups across all incidents' })
  @ApiAnswer(200, 'The open follow-ups', [ActionItemSchema])
  @ApiProblems(401)
  openFollowups() {
    return this.incidents.listOpenFollowups();
  }

  @Post('actions/:id/done')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark an action or follow-up done' })
  @ApiAnswer(200, 'The reply a chat user would get', ChatMessageSchema)
  @ApiProblems(400, 401, 403, 404, 409)
  async markDone(@Param('id') id: string, @ApiCommandContext() context: CommandContext) {
    const result = await this.incidents.execute(
      { kind: 'done', itemId: validate(ItemId, id, 'id') },
      context,
    );
    return result.message;
  }
}
