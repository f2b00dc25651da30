import { randomUUID } from 'node:crypto';
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { IncidentError, IncidentErrorCode } from '@firebreak/incident';

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

/** A request body or query that failed validation, with one message per field. */
export class RequestValidationError extends Error {
  constructor(readonly errors: readonly { field: string; message: string }[]) {
    super(errors.map((each) => `${each.field}: ${each.message}`).join('; '));
  }
}

export function statusForIncidentError(code: IncidentErrorCode): number {
  switch (code) {
    case IncidentErrorCode.UnknownCommand:
    case IncidentErrorCode.InvalidArgument:
    case IncidentErrorCode.IncidentRequired:
      return 400;
    case IncidentErrorCode.NotPermitted:
      return 403;
    case IncidentErrorCode.IncidentNotFound:
    case IncidentErrorCode.ComponentNotFound:
    case IncidentErrorCode.NotFound:
      return 404;
    case IncidentErrorCode.IllegalTransition:
    case IncidentErrorCode.Conflict:
      return 409;
    case IncidentErrorCode.IdempotencyKeyReused:
      return 422;
  }
}

const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
};

export function problem(status: number, detail: string, extra: Partial<ProblemDetails> = {}): ProblemDetails {
  return { type: 'about:blank', title: TITLES[status] ?? 'Error', status, detail, ...extra };
}

/** The one place HTTP maps failures: domain refusals, validation, and anything unexpected (no stack traces). */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const body = this.toProblem(error);
    response.status(body.status).type('application/problem+json').send(JSON.stringify(body));
  }

  private toProblem(error: unknown): ProblemDetails {
    if (error instanceof IncidentError) {
      const field = error.field;
      return problem(statusForIncidentError(error.code), error.message, {
        code: error.code,
        ...(field ? { field, errors: [{ field, message: error.message }] } : {}),
      });
    }
    if (error instanceof RequestValidationError) {
      return problem(400, error.message, {
        code: 'invalid_request',
        field: error.errors[0]?.field,
        errors: error.errors,
      });
    }
    if (error instanceof HttpException) return this.fromHttpException(error);
    const errorId = randomUUID();
    this.logger.error(
      `Unhandled error ${errorId}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    return problem(500, `Something went wrong on our side. Error id: ${errorId}.`, { errorId });
  }

  private fromHttpException(error: HttpException): ProblemDetails {
    const status = error.getStatus();
    const response = error.getResponse();
    const detail =
      typeof response === 'string'
        ? response
        : ((response as { message?: unknown }).message ?? error.message);
    return problem(status, Array.isArray(detail) ? detail.join('; ') : String(detail));
  }
}
