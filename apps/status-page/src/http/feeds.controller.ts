import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { BRANDING, type Branding } from '../site/branding.js';
import { blogRss, historyAtom, historyRss } from '../site/feeds.js';
import { StatusSite } from '../site/status-site.js';
import { sendResource } from './conditional-response.js';

const RSS = 'application/rss+xml; charset=utf-8';
const ATOM = 'application/atom+xml; charset=utf-8';

@Controller()
export class FeedsController {
  constructor(
    @Inject(StatusSite) private readonly site: StatusSite,
    @Inject(BRANDING) private readonly branding: Branding,
  ) {}

  @Get('history.rss')
  async historyRss(@Req() request: Request, @Res() response: Response) {
    const resource = await this.site.resource('feed:history.rss', (snapshot) => ({
      body: historyRss(snapshot, this.branding),
      contentType: RSS,
    }));
    sendResource(request, response, resource!);
  }

  @Get('history.atom')
  async historyAtom(@Req() request: Request, @Res() response: Response) {
    const resource = await this.site.resource('feed:history.atom', (snapshot) => ({
      body: historyAtom(snapshot, this.branding),
      contentType: ATOM,
    }));
    sendResource(request, response, resource!);
  }

  @Get('blog.rss')
  async blogRss(@Req() request: Request, @Res() response: Response) {
    const resource = await this.site.resource('feed:blog.rss', (snapshot) => ({
      body: blogRss(snapshot, this.branding),
      contentType: RSS,
    }));
    sendResource(request, response, resource!);
  }
}
