import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Inject, Injectable } from '@nestjs/common';
import { OperationsMetrics } from './operations-metrics.js';
import type { RequestContext } from './request-context.js';
import { ShutdownState } from './shutdown-state.js';

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/**
 * What every HTTP request gets, whichever path serves it (the Nest middleware, or the status page's render
 * cache answering before Express): a request id (the caller's `X-Request-Id` when sane, echoed back), in-flight
 * tracking for graceful shutdown, and the latency histogram by route.
 */
@Injectable()
export class RequestTracker {
  constructor(
    @Inject(OperationsMetrics) private readonly metrics: OperationsMetrics,
    @Inject(ShutdownState) private readonly shutdown: ShutdownState,
  ) {}

  /** `routeOf` is asked when the response ends, once the router has matched (it names a pattern, never a path). */
  track(request: IncomingMessage, response: ServerResponse, routeOf: () => string): RequestContext {
    const offered = request.headers['x-request-id'];
    const requestId = typeof offered === 'string' && REQUEST_ID.test(offered) ? offered : randomUUID();
    response.setHeader('X-Request-Id', requestId);
    if (this.shutdown.draining) response.setHeader('Connection', 'close');

    const end = this.shutdown.begin();
    const started = process.hrtime.bigint();
    let recorded = false;
    const finished = () => {
      if (recorded) return;
      recorded = true;
      end();
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      this.metrics.httpRequestDuration.observe(
        { method: request.method ?? 'GET', route: routeOf(), status: String(response.statusCode) },
        seconds,
      );
    };
    response.once('finish', finished);
    response.once('close', finished);
    return { requestId };
  }
}
