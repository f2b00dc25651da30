import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { OperationsMetrics } from './operations-metrics.js';
import { ReadinessProbe } from './readiness.js';

/** /readyz and /metrics; each app keeps its own /healthz (liveness). */
@ApiExcludeController()
@Controller()
export class OperationsController {
  constructor(
    @Inject(ReadinessProbe) private readonly readiness: ReadinessProbe,
    @Inject(OperationsMetrics) private readonly metrics: OperationsMetrics,
  ) {}

  @Get('readyz')
  async ready(@Res({ passthrough: true }) response: Response) {
    const readiness = await this.readiness.check();
    response.status(readiness.status === 'ready' ? 200 : 503);
    response.setHeader('Cache-Control', 'no-store');
    return readiness;
  }

  @Get('metrics')
  async metricsText(@Res() response: Response): Promise<void> {
    response.setHeader('Content-Type', this.metrics.contentType);
    response.setHeader('Cache-Control', 'no-store');
    response.send(await this.metrics.metricsText());
  }
}
