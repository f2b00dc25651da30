import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { pinoHttp, type HttpLogger } from 'pino-http';
import { OperationsLogger } from './operations-logger.js';
import { OperationsMetrics } from './operations-metrics.js';
import { type RequestContext, runInRequestContext } from './request-context.js';
import { scrubSecrets } from './secrets.js';
import { ShutdownState } from './shutdown-state.js';

const REQUEST_ID = /^[\w.:-]{1,128}$/;
type ContextualRequest = IncomingMessage & { firebreakContext?: RequestContext };

/**
 * Every request: a request id (the caller's `X-Request-Id` when sane, echoed back), a context the log lines
 * carry, one JSON access log line, the latency histogram, and in-flight tracking for graceful shutdown.
 */
@Injectable()
export class RequestMiddleware implements NestMiddleware {
  private readonly httpLogger: HttpLogger;

  constructor(
    @Inject(OperationsLogger) logger: OperationsLogger,
    @Inject(OperationsMetrics) private readonly metrics: OperationsMetrics,
    @Inject(ShutdownState) private readonly shutdown: ShutdownState,
  ) {
    this.httpLogger = pinoHttp({
      logger: logger.pino,
      customAttributeKeys: { reqId: 'requestId' },
      genReqId: (request) => (request as ContextualRequest).firebreakContext?.requestId ?? randomUUID(),
      customProps: (request) => {
        const incident = (request as ContextualRequest).firebreakContext?.incidentRef;
        return incident ? { incident } : {};
      },
      customLogLevel: (_request, response, error) =>
        error || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : 'info',
      // The access line is enough: no second line per request from the mixin.
      quietReqLogger: true,
      serializers: {
        req: (request: { method: string; url: string; remoteAddress?: string }) => ({
          method: request.method,
          url: scrubSecrets(request.url),
          remoteAddress: request.remoteAddress,
        }),
        res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
      },
    });
  }

  use(request: Request, response: Response, next: NextFunction): void {
    const offered = request.headers['x-request-id'];
    const requestId = typeof offered === 'string' && REQUEST_ID.test(offered) ? offered : randomUUID();
    const context: RequestContext = { requestId };
    (request as ContextualRequest).firebreakContext = context;
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
        { method: request.method, route: routeOf(request), status: String(response.statusCode) },
        seconds,
      );
    };
    response.once('finish', finished);
    response.once('close', finished);

    runInRequestContext(context, () =>
      this.httpLogger(request as IncomingMessage, response as ServerResponse, next),
    );
  }
}

/** The route pattern (`/api/v1/incidents/:ref`), never the raw path, so label values stay few. */
function routeOf(request: Request): string {
  const route = (request as Request & { route?: { path?: unknown } }).route;
  if (route && typeof route.path === 'string') return `${request.baseUrl ?? ''}${route.path}` || '/';
  return 'unmatched';
}
