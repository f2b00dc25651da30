import { Body, Controller, Get, Inject, Param, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { PublicRoute } from '../http/api-auth.guard.js';
import { SiteErrorFilter, SiteSession, SiteSessionGuard } from './site-access.js';
import { refOf, rememberedZone as zoneOf, sendPage as send } from './site-request.js';
import { SiteReviewPages } from './site-review.js';
import type { SignedInSession } from './site-sessions.js';

/** The post-incident review editor and the public write-up of one incident. */
@ApiExcludeController()
@PublicRoute()
@UseFilters(SiteErrorFilter)
@UseGuards(SiteSessionGuard)
@Controller('site/incidents/:ref')
export class SiteReviewController {
  constructor(@Inject(SiteReviewPages) private readonly pages: SiteReviewPages) {}

  @Get('review')
  async review(
    @SiteSession() session: SignedInSession,
    @Param('ref') ref: string,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    send(response, 200, await this.pages.page(session, refOf(ref), zoneOf(request)));
  }

  /** Preview renders the text without saving; save replaces the review unless it changed meanwhile (409). */
  @Post('review')
  async edit(
    @SiteSession() session: SignedInSession,
    @Param('ref') ref: string,
    @Body() body: Record<string, unknown>,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const incidentRef = refOf(ref);
    const markdown = typeof body.markdown === 'string' ? body.markdown : '';
    if (body.intent === 'preview') {
      const editor = { markdown, preview: true, staleRevision: null, notice: null };
      return send(response, 200, await this.pages.page(session, incidentRef, zoneOf(request), editor));
    }
    const revision = typeof body.revision === 'string' ? Number(body.revision) : Number.NaN;
    if (!Number.isInteger(revision)) {
      const editor = {
        markdown,
        preview: false,
        staleRevision: null,
        notice: 'The form lost the revision it edits: reload the review.',
      };
      return send(response, 400, await this.pages.page(session, incidentRef, zoneOf(request), editor));
    }
    const refused = await this.pages.save(session, incidentRef, markdown, revision);
    if (!refused) return response.redirect(303, `/site/incidents/${incidentRef}/review`);
    const status = refused.staleRevision !== null ? 409 : 400;
    send(response, status, await this.pages.page(session, incidentRef, zoneOf(request), refused));
  }

  @Post('write-up')
  async writeUp(
    @SiteSession() session: SignedInSession,
    @Param('ref') ref: string,
    @Body() body: Record<string, unknown>,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const incidentRef = refOf(ref);
    const refusal = await this.pages.setPublished(session, incidentRef, body.intent === 'publish');
    if (!refusal) return response.redirect(303, `/site/incidents/${incidentRef}/review#write-up-heading`);
    const editor = { markdown: null, preview: false, staleRevision: null, notice: refusal };
    send(response, 400, await this.pages.page(session, incidentRef, zoneOf(request), editor));
  }
}
