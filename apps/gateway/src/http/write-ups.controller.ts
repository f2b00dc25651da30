import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type CommandContext, WriteUpService } from '@firebreak/incident';
import { ApiCommandContext } from './api-context.js';
import { EditWriteUpBody, validate } from './api-schemas.js';
import { IncidentRefPipe } from './incident-ref.pipe.js';
import { WriteUpSchema } from './api-response-schemas.js';
import { ApiAnswer, ApiProblems, ApiRequestBody } from './openapi-document.js';

/** The public write-up of an incident: a separate, edited document, previewed before it goes on the blog. */
@ApiTags('reviews')
@Controller('api/v1/incidents/:ref/write-up')
export class WriteUpsController {
  constructor(private readonly writeUps: WriteUpService) {}

  @Get()
  @ApiOperation({ summary: 'Preview the public write-up (drafted from the review on first request)' })
  @ApiAnswer(200, 'The write-up', WriteUpSchema)
  @ApiProblems(400, 401, 403, 404, 409)
  preview(@Param('ref', IncidentRefPipe) ref: string, @ApiCommandContext() context: CommandContext) {
    return this.writeUps.preview(ref, context);
  }

  @Put()
  @ApiOperation({ summary: 'Edit the public text before (or after) publishing' })
  @ApiRequestBody(EditWriteUpBody)
  @ApiAnswer(200, 'The write-up as edited', WriteUpSchema)
  @ApiProblems(400, 401, 403, 404, 409)
  edit(
    @Param('ref', IncidentRefPipe) ref: string,
    @Body() body: unknown,
    @ApiCommandContext() context: CommandContext,
  ) {
    return this.writeUps.edit(ref, validate(EditWriteUpBody, body), context);
  }

  @Post('publish')
  @HttpCode(200)
  @ApiOperation({ summary: 'Publish it at /blog/<slug> on the status page' })
  @ApiAnswer(200, 'The write-up, published', WriteUpSchema)
  @ApiProblems(400, 401, 403, 404, 409)
  publish(@Param('ref', IncidentRefPipe) ref: string, @ApiCommandContext() context: CommandContext) {
    return this.writeUps.setPublished(ref, true, context);
  }

  @Delete('publish')
  @ApiOperation({ summary: 'Unpublish it (logged in the timeline)' })
  @ApiAnswer(200, 'The write-up, back to draft', WriteUpSchema)
  @ApiProblems(400, 401, 403, 404, 409)
  unpublish(@Param('ref', IncidentRefPipe) ref: string, @ApiCommandContext() context: CommandContext) {
    return this.writeUps.setPublished(ref, false, context);
  }
}
