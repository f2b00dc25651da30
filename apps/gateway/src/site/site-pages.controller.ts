import {
  Body,
  Controller,
  Get,
  Inject,
  Param,
  ParseIntPipe,
  Post,
  Query,
  Req,
  Res,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { PublicRoute } from '../http/api-auth.guard.js';
import { SiteErrorFilter, SiteSession, SiteSessionGuard } from './site-access.js';
import { SITE_SETTINGS, type SiteSettings } from './site-config.js';
import { cookieHeader, ZONE_COOKIE } from './site-cookies.js';
import { SitePages, type Query as PageQuery } from './site-pages.js';
import { refOf, rememberedZone, sendPage } from './site-request.js';
import type { SignedInSession } from './site-sessions.js';
import { readZone } from './time-zone.js';

const YEAR_SECONDS = 365 * 24 * 3600;

/** The incidents list, the living document and the command box; each route is one call into SitePages. */
// Browser pages, not the API: left out of the OpenAPI document.
@ApiExcludeController()
@PublicRoute()
@UseFilters(SiteErrorFilter)
@UseGuards(SiteSessionGuard)
@Controller('site')
export class SitePagesController {
  constructor(
    @Inject(SitePages) private readonly pages: SitePages,
    @Inject(SITE_SETTINGS) private readonly settings: SiteSettings,
  ) {}

  @Get('incidents')
  async incidents(
    @SiteSession() session: SignedInSession,
    @Query() query: PageQuery,
    @Res() response: Response,
  ): Promise<void> {
    sendPage(response, 200, await this.pages.incidentsPage(session, query));
  }

  @Get('incidents/:ref')
  async incident(
    @SiteSession() session: SignedInSession,
    @Param('ref') ref: string,
    @Query() query: PageQuery,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const zone = this.zoneOf(request, response, query.tz);
    sendPage(response, 200, await this.pages.incidentPage(session, refOf(ref), query, zone));
  }

  @Post('commands')
  async command(
    @SiteSession() session: SignedInSession,
    @Body() body: Record<string, unknown>,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const text = typeof body.text === 'string' ? body.text : '';
    const ref = typeof body.ref === 'string' && body.ref ? refOf(body.ref) : null;
    const attempt = typeof body.attempt === 'string' ? body.attempt : null;
    const outcome = await this.pages.runCommand(session, text, ref, attempt);
    const status = outcome.failed ? 400 : 200;
    if (!ref) return sendPage(response, status, await this.pages.incidentsPage(session, {}, outcome));
    const zone = this.zoneOf(request, response, undefined);
    sendPage(response, status, await this.pages.incidentPage(session, ref, {}, zone, outcome));
  }

  @Post('incidents/:ref/items/:id/done')
  async markDone(
    @SiteSession() session: SignedInSession,
    @Param('ref') ref: string,
    @Param('id', ParseIntPipe) id: number,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const incidentRef = refOf(ref);
    const refused = await this.pages.markDone(session, incidentRef, id);
    if (!refused) return response.redirect(303, `/site/incidents/${incidentRef}#items-heading`);
    const zone = this.zoneOf(request, response, undefined);
    sendPage(response, 400, await this.pages.incidentPage(session, incidentRef, {}, zone, refused));
  }

  /** The zone asked for in the query (remembered in a cookie), else the remembered one, else UTC. */
  private zoneOf(request: Request, response: Response, asked: unknown): string {
    const chosen = readZone(asked);
    if (chosen) {
      response.setHeader(
        'Set-Cookie',
        cookieHeader(ZONE_COOKIE, chosen, {
          secure: this.settings.secureCookies,
          maxAge: YEAR_SECONDS,
          scriptReadable: true,
        }),
      );
      return chosen;
    }
    return rememberedZone(request);
  }
}
