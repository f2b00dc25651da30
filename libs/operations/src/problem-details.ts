import { randomUUID } from 'node:crypto';
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';

/** An RFC 9457 problem document; `errors` lists every field at fault. */
export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code?: string;
  readonly field?: string;
  readonly errors?: readonly { readonly field: string; readonly message: string }[];
  readonly errorId?: string;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function problem(status: number, detail: string, extra: Partial<ProblemDetails> = {}): ProblemDetails {
  return { type: 'about:blank', title: TITLES[status] ?? 'Error', status, detail, ...extra };
}

/**
 * A refusal that is already an HTTP answer: its problem document and the headers the status needs
 * (`WWW-Authenticate` on 401, `Retry-After` on 429). Thrown anywhere (middleware, guards, connectors'
 * controllers); the app's problem filter writes it.
 */
export class HttpProblem extends Error {
  constructor(
    readonly problem: ProblemDetails,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(problem.detail);
    this.name = 'HttpProblem';
  }
}

/** 401 with the challenge RFC 9110 requires, e.g. `Bearer realm="firebreak-api"`. */
export function unauthorized(detail: string, challenge: string): HttpProblem {
  return new HttpProblem(problem(401, detail), { 'WWW-Authenticate': challenge });
}

/** 429 with `Retry-After` in whole seconds (at least 1). */
export function tooManyRequests(detail: string, retryAfterMs: number): HttpProblem {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new HttpProblem(problem(429, detail), { 'Retry-After': String(seconds) });
}

/** Maps what an app knows about (its domain errors) to a problem; null leaves the error to the common mapping. */
export type ProblemMapping = (error: unknown) => HttpProblem | null;

/**
 * The one place an app turns a failure into an answer: its own mapping first, then `HttpProblem`, Nest's HTTP
 * exceptions (unknown routes, bodies too large or malformed) and, for anything else, 500 with an error id that
 * the log line carries too (never a stack trace or an internal message).
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  constructor(private readonly mapping: ProblemMapping = () => null) {}

  catch(error: unknown, host: ArgumentsHost): void {
    sendProblem(host.switchToHttp().getResponse<Response>(), this.answerFor(error));
  }

  answerFor(error: unknown): HttpProblem {
    if (error instanceof HttpProblem) return error;
    const mapped = this.mapping(error);
    if (mapped) return mapped;
    if (error instanceof HttpException) return new HttpProblem(fromHttpException(error));
    const errorId = randomUUID();
    this.logger.error(
      `Unhandled error ${errorId}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    return new HttpProblem(
      problem(500, `Something went wrong on our side. Error id: ${errorId}.`, { errorId }),
    );
  }
}

function fromHttpException(error: HttpException): ProblemDetails {
  const status = error.getStatus();
  const response = error.getResponse();
  const detail =
    typeof response === 'string' ? response : ((response as { message?: unknown }).message ?? error.message);
  return problem(status, Array.isArray(detail) ? detail.join('; ') : String(detail));
}

/** Writes a problem answer; error answers are never cached. */
function sendProblem(response: Response, answer: HttpProblem): void {
  if (response.headersSent) {
    response.end();
    return;
  }
  for (const [name, value] of Object.entries(answer.headers)) response.setHeader(name, value);
  response.setHeader('Cache-Control', 'no-store');
  response.status(answer.problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(answer.problem));
}
