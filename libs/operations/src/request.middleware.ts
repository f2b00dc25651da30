import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { pinoHttp, type HttpLogger } from 'pino-http';
import { OperationsLogger } from './operations-logger.js';
import { HttpProblem, problem } from './problem-details.js';
import { type RequestContext, runInRequestContext } from './request-context.js';
import { RequestTracker } from './request-tracker.js';
import { routeOf } from './request-route.js';
import { scrubSecrets } from './secrets.js';
import { ShutdownState } from './shutdown-state.js';
const RETRY_NOW = { 'Retry-After': '1' };

type ContextualRequest = IncomingMessage & { firebreakContext?: RequestContext };

/** Every request Nest routes: tracked (id, latency, in flight), with a context the log lines carry and one JSON access line. */
@Injectable()
export class RequestMiddleware implements NestMiddleware {
  private readonly httpLogger: HttpLogger;

  constructor(
    @Inject(OperationsLogger) logger: OperationsLogger,
    @Inject(RequestTracker) private readonly tracker: RequestTracker,
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
    // A request that arrives (or finishes arriving) on an open connection once the app is closing would
    // otherwise run against modules that are stopping: refuse it, so the client retries elsewhere.
    if (this.shutdown.closing) {
      response.setHeader('Connection', 'close');
      return next(
        new HttpProblem(problem(503, 'This replica is shutting down; retry the request.'), RETRY_NOW),
      );
    }
    const context = this.tracker.track(request, response, () => routeOf(request));
    (request as ContextualRequest).firebreakContext = context;

    runInRequestContext(context, () =>
      this.httpLogger(request as IncomingMessage, response as ServerResponse, next),
    );
  }
}
