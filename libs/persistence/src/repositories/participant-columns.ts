import type { Participant } from '@firebreak/incident';

/** People are stored as an id column and a name column; a null id means nobody. */
export function participantOrNull(id: string | null, displayName: string | null): Participant | null {
  if (id === null) return null;
  return { id, displayName: displayName ?? id };
}

export function participantFrom(id: string, displayName: string): Participant {
  return { id, displayName };
}
