import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { pinoHttp, type HttpLogger } from 'pino-http';
import { OperationsLogger } from './operations-logger.js';
import { type RequestContext, runInRequestContext } from './request-context.js';
import { RequestTracker } from './request-tracker.js';
import { routeOf } from './request-route.js';
import { scrubSecrets } from './secrets.js';
type ContextualRequest = IncomingMessage & { firebreakContext?: RequestContext };

/** Every request Nest routes: tracked (id, latency, in flight), with a context the log lines carry and one JSON access line. */
@Injectable()
export class RequestMiddleware implements NestMiddleware {
  private readonly httpLogger: HttpLogger;

  constructor(
    @Inject(OperationsLogger) logger: OperationsLogger,
    @Inject(RequestTracker) private readonly tracker: RequestTracker,
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
    const context = this.tracker.track(request, response, () => routeOf(request));
    (request as ContextualRequest).firebreakContext = context;

    runInRequestContext(context, () =>
      this.httpLogger(request as IncomingMessage, response as ServerResponse, next),
    );
  }
}
