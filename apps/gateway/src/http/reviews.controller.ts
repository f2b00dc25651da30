import { Body, Controller, Get, Header, Param, Put, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { type CommandContext, ReviewService } from '@firebreak/incident';
import { ApiCommandContext } from './api-context.js';
import { ReplaceReviewBody, validate } from './api-schemas.js';
import { IncidentRefPipe } from './incident-ref.pipe.js';
import { ReviewRevisionSchema, ReviewSchema } from './api-response-schemas.js';
import { ApiAnswer, ApiProblems, ApiRequestBody } from './openapi-document.js';

/** The post-incident review document: read, download as Markdown, replace with optimistic concurrency. */
@ApiTags('reviews')
@Controller('api/v1/incidents/:ref')
export class ReviewsController {
  constructor(private readonly reviews: ReviewService) {}

  @Get('review')
  @ApiOperation({
    summary: 'The post-incident review (drafted from the record once the incident is resolved)',
  })
  @ApiAnswer(200, 'The review', ReviewSchema)
  @ApiProblems(400, 401, 403, 404)
  review(@Param('ref', IncidentRefPipe) ref: string, @ApiCommandContext() context: CommandContext) {
    return this.reviews.get(ref, context);
  }

  @Get('review.md')
  @Header('Content-Type', 'text/markdown; charset=utf-8')
  @ApiOperation({ summary: 'The review as a Markdown file' })
  @ApiAnswer(200, 'The review document, as an attachment', 'text/markdown')
  @ApiProblems(400, 401, 403, 404)
  async download(
    @Param('ref', IncidentRefPipe) ref: string,
    @ApiCommandContext() context: CommandContext,
    @Res() response: Response,
  ) {
    const review = await this.reviews.get(ref, context);
    response
      .setHeader('Content-Disposition', `attachment; filename="${review.incidentRef}-review.md"`)
      .setHeader('ETag', `"${review.incidentRef}-r${review.revision}"`)
      .send(review.markdown);
  }

  @Put('review')
  @ApiOperation({ summary: 'Replace the Markdown; `revision` must be the one you edited, or 409' })
  @ApiRequestBody(ReplaceReviewBody)
  @ApiAnswer(200, 'The review as replaced', ReviewSchema)
  @ApiProblems(400, 401, 403, 404, 409)
  replace(
    @Param('ref', IncidentRefPipe) ref: string,
    @Body() body: unknown,
    @ApiCommandContext() context: CommandContext,
  ) {
    const input = validate(ReplaceReviewBody, body);
    return this.reviews.replace(ref, input.markdown, input.revision, context);
  }

  @Get('review/revisions')
  @ApiOperation({ summary: 'Every revision of the review, oldest first' })
  @ApiAnswer(200, 'The revisions', [ReviewRevisionSchema])
  @ApiProblems(400, 401, 404)
  revisions(@Param('ref', IncidentRefPipe) ref: string) {
    return this.reviews.revisions(ref);
  }
}
