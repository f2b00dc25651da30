import { IncidentError, IncidentErrorCode } from '@firebreak/incident';
import { HttpProblem, problem, ProblemDetailsFilter } from '@firebreak/operations';

/** A request body or query that failed validation, with one message per field. */
export class RequestValidationError extends Error {
  constructor(readonly errors: readonly { field: string; message: string }[]) {
    super(errors.map((each) => `${each.field}: ${each.message}`).join('; '));
  }
}

function statusForIncidentError(code: IncidentErrorCode): number {
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

/** The gateway's own failures: domain refusals and request validation, each with the field at fault. */
function gatewayProblem(error: unknown): HttpProblem | null {
  if (error instanceof IncidentError) {
    const field = error.field;
    return new HttpProblem(
      problem(statusForIncidentError(error.code), error.message, {
        code: error.code,
        ...(field ? { field, errors: [{ field, message: error.message }] } : {}),
      }),
    );
  }
  if (error instanceof RequestValidationError) {
    return new HttpProblem(
      problem(400, error.message, {
        code: 'invalid_request',
        field: error.errors[0]?.field,
        errors: error.errors,
      }),
    );
  }
  return null;
}

/** The one place the gateway maps failures to answers (RFC 9457 problem+json, no stack traces). */
export const gatewayProblemFilter = (): ProblemDetailsFilter => new ProblemDetailsFilter(gatewayProblem);
