import { randomUUID } from 'node:crypto';
import { IncidentError, IncidentErrorCode, message, type NeutralMessage } from '@firebreak/incident';

/** Exhaustive by type: a new error code does not compile until it has a title here. */
const TITLES: Record<IncidentErrorCode, string> = {
  [IncidentErrorCode.UnknownCommand]: 'Unknown command',
  [IncidentErrorCode.InvalidArgument]: 'Check the command',
  [IncidentErrorCode.IncidentNotFound]: 'No such incident',
  [IncidentErrorCode.IncidentRequired]: 'Which incident?',
  [IncidentErrorCode.IllegalTransition]: 'Not possible now',
  [IncidentErrorCode.NotPermitted]: 'Not permitted',
  [IncidentErrorCode.ComponentNotFound]: 'No such component',
  [IncidentErrorCode.Conflict]: 'Changed meanwhile',
  [IncidentErrorCode.NotFound]: 'Not found',
  [IncidentErrorCode.IdempotencyKeyReused]: 'Already used',
};

/**
 * The one place a refusal becomes a Discord reply: always ephemeral, with the domain's own explanation.
 * Anything that is not an IncidentError is answered with an error id and logged by the caller, never shown.
 */
export function errorReply(error: unknown): { reply: NeutralMessage; unexpected: string | null } {
  if (error instanceof IncidentError) {
    const hint = error.hint ? `\n${error.hint}` : '';
    return {
      reply: message(`${error.message}${hint}`, {
        title: TITLES[error.code],
        tone: error.code === IncidentErrorCode.NotPermitted ? 'error' : 'warning',
        visibility: 'private',
      }),
      unexpected: null,
    };
  }
  const errorId = randomUUID().slice(0, 8);
  return {
    reply: message(`Something went wrong on our side (error id ${errorId}). Please try again.`, {
      title: 'Firebreak error',
      tone: 'error',
      visibility: 'private',
    }),
    unexpected: errorId,
  };
}
