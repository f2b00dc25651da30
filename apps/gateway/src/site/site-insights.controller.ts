import { Controller, Get, Inject, Query, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  INSIGHTS_STYLESHEET,
  insightsCsv,
  insightsCsvFilename,
  InsightsReader,
  insightsSectionHtml,
  parseMeasure,
} from '@firebreak/insights';
import { PublicRoute } from '../http/api-auth.guard.js';
import { SiteErrorFilter, SiteSession, SiteSessionGuard } from './site-access.js';
import { SiteRenderer } from './site-renderer.js';
import type { SignedInSession } from './site-sessions.js';

const LINKS = { page: '/site/insights', csv: '/site/insights.csv' };

/** Insights over past incidents (libs/insights): the page with its charts and tables, each measure's CSV. */
@ApiExcludeController()
@PublicRoute()
@UseFilters(SiteErrorFilter)
@UseGuards(SiteSessionGuard)
@Controller('site')
export class SiteInsightsController {
  constructor(
    @Inject(InsightsReader) private readonly reader: InsightsReader,
    @Inject(SiteRenderer) private readonly renderer: SiteRenderer,
  ) {}

  @Get('insights')
  async page(
    @SiteSession() session: SignedInSession,
    @Query() query: Record<string, unknown>,
    @Res() response: Response,
  ): Promise<void> {
    const section = insightsSectionHtml(await this.reader.reportFor(query), LINKS);
    const frame = {
      title: 'Insights',
      viewer: session.viewer,
      csrf: session.csrfToken,
      nav: 'insights' as const,
      insights: true,
    };
    response
      .setHeader('Cache-Control', 'no-store')
      .type('html')
      .send(this.renderer.page('insights', frame, { section }));
  }

  @Get('insights.csv')
  async csv(@Query() query: Record<string, unknown>, @Res() response: Response): Promise<void> {
    const report = await this.reader.reportFor(query);
    const measure = parseMeasure(typeof query.measure === 'string' ? query.measure : undefined);
    response.setHeader(
      'Content-Disposition',
      `attachment; filename="${insightsCsvFilename(report, measure)}"`,
    );
    response
      .setHeader('Cache-Control', 'no-store')
      .type('text/csv; charset=utf-8')
      .send(insightsCsv(report, measure));
  }

  @Get('insights.css')
  stylesheet(@Res() response: Response): void {
    response
      .setHeader('Cache-Control', 'max-age=3600')
      .type('text/css; charset=utf-8')
      .send(INSIGHTS_STYLESHEET);
  }
}
