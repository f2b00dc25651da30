import { randomUUID } from 'node:crypto';
import { IncidentError, IncidentErrorCode, message, type NeutralMessage } from '@firebreak/incident';

/** The one place Teams maps refusals to what the user sees (a red card); anything unexpected gets an error id. */
export function teamsReplyForError(
  error: unknown,
  log: (errorId: string, error: unknown) => void,
): NeutralMessage {
  if (!(error instanceof IncidentError)) {
    const errorId = randomUUID();
    log(errorId, error);
    return message(`Something went wrong on our side (error id ${errorId}). Nothing was changed.`, {
      title: 'Firebreak error',
      tone: 'error',
      visibility: 'private',
    });
  }
  const hint = error.hint ? `\n\n${error.hint}` : '';
  return message(`${error.message}${hint}`, {
    title: titleFor(error.code),
    tone: error.code === IncidentErrorCode.UnknownCommand ? 'warning' : 'error',
    visibility: 'private',
  });
}

function titleFor(code: IncidentErrorCode): string {
  switch (code) {
    case IncidentErrorCode.UnknownCommand:
      return 'Unknown command';
    case IncidentErrorCode.InvalidArgument:
      return 'Check the command';
    case IncidentErrorCode.IncidentNotFound:
      return 'No such incident';
    case IncidentErrorCode.IncidentRequired:
      return 'Which incident?';
    case IncidentErrorCode.IllegalTransition:
      return 'Not possible now';
    case IncidentErrorCode.NotPermitted:
      return 'Not allowed';
    case IncidentErrorCode.ComponentNotFound:
      return 'No such component';
    case IncidentErrorCode.Conflict:
      return 'Conflict';
    case IncidentErrorCode.NotFound:
      return 'Not found';
    case IncidentErrorCode.IdempotencyKeyReused:
      return 'Already used';
  }
}
