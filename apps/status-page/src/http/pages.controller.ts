import { Controller, Get, Inject, NotFoundException, Param, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { StatusSnapshot } from '@firebreak/status';
import { PageRenderer } from '../site/page-renderer.js';
import { StatusSite } from '../site/status-site.js';
import { sendResource } from './conditional-response.js';

const HTML = 'text/html; charset=utf-8';

/** The server-rendered pages; each is rendered once per snapshot and served from the cache. */
@Controller()
export class PagesController {
  constructor(
    @Inject(StatusSite) private readonly site: StatusSite,
    @Inject(PageRenderer) private readonly renderer: PageRenderer,
  ) {}

  @Get()
  async home(@Req() request: Request, @Res() response: Response) {
    await this.send(request, response, 'page:/', (snapshot) => this.renderer.home(snapshot));
  }

  @Get('incidents/:ref')
  async incident(@Param('ref') ref: string, @Req() request: Request, @Res() response: Response) {
    const key = ref.toUpperCase();
    await this.send(request, response, `page:/incidents/${key}`, (snapshot) => {
      const incident = snapshot.incidents.find((each) => each.ref === key);
      return incident ? this.renderer.incident(snapshot, incident) : null;
    });
  }

  @Get('history')
  async history(@Query('page') page: string | undefined, @Req() request: Request, @Res() response: Response) {
    const number = page === undefined ? 1 : Number(page);
    if (!Number.isInteger(number) || number < 1 || number > 10_000) throw new NotFoundException();
    await this.send(request, response, `page:/history?page=${number}`, (snapshot) =>
      this.renderer.history(snapshot, number),
    );
  }

  /** The accent colours from configuration; static assets under /assets/ come from public/. */
  @Get('assets/brand.css')
  brandStylesheet(@Req() request: Request, @Res() response: Response) {
    sendResource(request, response, this.renderer.brandStylesheet);
  }

  @Get('blog')
  async blog(@Req() request: Request, @Res() response: Response) {
    await this.send(request, response, 'page:/blog', (snapshot) => this.renderer.blog(snapshot));
  }

  @Get('blog/:slug')
  async writeUp(@Param('slug') slug: string, @Req() request: Request, @Res() response: Response) {
    await this.send(request, response, `page:/blog/${slug}`, (snapshot) => {
      const writeUp = snapshot.writeUps.find((each) => each.slug === slug);
      return writeUp ? this.renderer.writeUp(writeUp) : null;
    });
  }

  private async send(
    request: Request,
    response: Response,
    key: string,
    render: (snapshot: StatusSnapshot) => string | null,
  ): Promise<void> {
    const resource = await this.site.resource(key, (snapshot) => {
      const body = render(snapshot);
      return body === null ? null : { body, contentType: HTML };
    });
    if (!resource) throw new NotFoundException();
    sendResource(request, response, resource);
  }
}
