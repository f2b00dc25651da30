/** Every refusal the domain can give; each transport maps these codes once, exhaustively. */
export enum IncidentErrorCode {
  UnknownCommand = 'unknown_command',
  InvalidArgument = 'invalid_argument',
  IncidentNotFound = 'incident_not_found',
  IncidentRequired = 'incident_required',
  IllegalTransition = 'illegal_transition',
  NotPermitted = 'not_permitted',
  ComponentNotFound = 'component_not_found',
  Conflict = 'conflict',
  NotFound = 'not_found',
  /** An idempotency key sent again with a different request. */
  IdempotencyKeyReused = 'idempotency_key_reused',
}

/** A refusal with text a chat user can read as is. `field` names the input at fault, when there is one. */
export class IncidentError extends Error {
  constructor(
    readonly code: IncidentErrorCode,
    message: string,
    readonly field?: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'IncidentError';
  }

  static invalid(field: string, message: string, hint?: string): IncidentError {
    return new IncidentError(IncidentErrorCode.InvalidArgument, message, field, hint);
  }
}
