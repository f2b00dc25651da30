import { Controller, Get, Inject, NotFoundException, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { statuspageV2Documents } from '@firebreak/status';
import { BRANDING, type Branding } from '../site/branding.js';
import { StatusSite } from '../site/status-site.js';
import { sendResource } from './conditional-response.js';

/** Paths of the Atlassian Statuspage v2 API this page answers (GET and HEAD). */
const STATUSPAGE_V2_PATHS = [
  'summary.json',
  'status.json',
  'components.json',
  'incidents.json',
  'incidents/unresolved.json',
  'scheduled-maintenances.json',
  'scheduled-maintenances/upcoming.json',
  'scheduled-maintenances/active.json',
] as const;

@Controller('api/v2')
export class StatuspageApiController {
  constructor(
    @Inject(StatusSite) private readonly site: StatusSite,
    @Inject(BRANDING) private readonly branding: Branding,
  ) {}

  @Get([...STATUSPAGE_V2_PATHS])
  async document(@Req() request: Request, @Res() response: Response) {
    const path = request.path.replace(/^\/api\/v2\//, '');
    const resource = await this.site.resource(`api:${path}`, (snapshot) => {
      const document = statuspageV2Documents(this.branding, snapshot)[path];
      return document === undefined
        ? null
        : { body: JSON.stringify(document), contentType: 'application/json; charset=utf-8' };
    });
    if (!resource) throw new NotFoundException();
    sendResource(request, response, resource);
  }
}
