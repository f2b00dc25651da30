/** A Teams user notified by a mention in a new message the bot sent. */
export interface TeamsPing {
  /** The conversation the message went to (for a new thread, the channel it was created in). */
  readonly conversationId: string;
  /** The mentioned user's id as the entity gives it (an AAD object id or a `29:` id). */
  readonly userId: string;
  readonly name: string | undefined;
  /** Whether the mention is in the activity's text or in one of its Adaptive Cards (`msteams.entities`). */
  readonly in: 'text' | 'card';
}

interface MentionEntity {
  readonly type?: unknown;
  readonly text?: unknown;
  readonly mentioned?: { readonly id?: unknown; readonly name?: unknown };
}

const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

/**
 * The mentions of a new activity that notify someone, as Teams shows them: a `mention` entity counts only when
 * its `text` (`<at>Name</at>`) appears in what it belongs to, the activity's text for the activity's entities
 * and the card's texts for a card's `msteams.entities`. An update never notifies (callers pass new activities).
 */
export function pingsOf(conversationId: string, activity: Record<string, unknown>): TeamsPing[] {
  const pings: TeamsPing[] = [];
  const text = typeof activity['text'] === 'string' ? activity['text'] : '';
  for (const entity of asArray(activity['entities']))
    pings.push(...ping(conversationId, entity, [text], 'text'));
  for (const attachment of asArray(activity['attachments'])) {
    const { contentType, content } = attachment as {
      contentType?: unknown;
      content?: Record<string, unknown>;
    };
    if (contentType !== ADAPTIVE_CARD || !content) continue;
    const msteams = content['msteams'] as { entities?: unknown } | undefined;
    const texts = stringsIn(content['body']);
    for (const entity of asArray(msteams?.entities))
      pings.push(...ping(conversationId, entity, texts, 'card'));
  }
  return pings;
}

function ping(
  conversationId: string,
  value: unknown,
  texts: readonly string[],
  where: TeamsPing['in'],
): TeamsPing[] {
  const entity = value as MentionEntity;
  if (entity.type !== 'mention' || typeof entity.text !== 'string') return [];
  if (typeof entity.mentioned?.id !== 'string') return [];
  const tag = entity.text;
  if (!texts.some((text) => text.includes(tag))) return [];
  const name = typeof entity.mentioned.name === 'string' ? entity.mentioned.name : undefined;
  return [{ conversationId, userId: entity.mentioned.id, name, in: where }];
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Every string in a card's body (TextBlock texts, fact values, …), however deeply nested. */
function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value && typeof value === 'object') return Object.values(value).flatMap(stringsIn);
  return [];
}
