import { IncidentError, IncidentErrorCode } from '../errors.js';
import { message, type MessageTone, type NeutralMessage } from '../model/neutral-message.js';

/** A refusal or failure as every chat platform shows it; `errorId` is set when the cause must be logged. */
export interface ChatErrorReply {
  readonly reply: NeutralMessage;
  readonly errorId: string | null;
}

/** Exhaustive by type: a new error code does not compile until it has a title and a tone here. */
const REFUSALS: Readonly<Record<IncidentErrorCode, { readonly title: string; readonly tone: MessageTone }>> =
  {
    [IncidentErrorCode.UnknownCommand]: { title: 'Unknown command', tone: 'warning' },
    [IncidentErrorCode.InvalidArgument]: { title: 'Check the command', tone: 'warning' },
    [IncidentErrorCode.IncidentNotFound]: { title: 'No such incident', tone: 'warning' },
    [IncidentErrorCode.IncidentRequired]: { title: 'Which incident?', tone: 'warning' },
    [IncidentErrorCode.ComponentNotFound]: { title: 'No such component', tone: 'warning' },
    [IncidentErrorCode.NotFound]: { title: 'Not found', tone: 'warning' },
    [IncidentErrorCode.IllegalTransition]: { title: 'Not possible now', tone: 'error' },
    [IncidentErrorCode.NotPermitted]: { title: 'Not permitted', tone: 'error' },
    [IncidentErrorCode.Conflict]: { title: 'Changed meanwhile', tone: 'error' },
    [IncidentErrorCode.IdempotencyKeyReused]: { title: 'Already used', tone: 'error' },
  };

/**
 * The one place a refusal becomes a chat reply, for every connector: private, titled by its code, with the
 * domain's own explanation. Anything that is not an IncidentError is answered with a fresh error id (the
 * caller logs the cause under it), never with its text.
 */
export function chatReplyForError(error: unknown, newErrorId: () => string): ChatErrorReply {
  if (error instanceof IncidentError) {
    const hint = error.hint ? `\n\n${error.hint}` : '';
    return {
      reply: message(`${error.message}${hint}`, { ...REFUSALS[error.code], visibility: 'private' }),
      errorId: null,
    };
  }
  const errorId = newErrorId();
  return {
    reply: message(`Something went wrong on our side (error id ${errorId}). Please try again.`, {
      title: 'Firebreak error',
      tone: 'error',
      visibility: 'private',
    }),
    errorId,
  };
}
