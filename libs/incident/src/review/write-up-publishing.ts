import { IncidentError, IncidentErrorCode } from '../errors.js';
import type { Incident } from '../model/incident.js';
import { jsonified, type WriteUpAnnouncement, type WriteUpEventPayload } from '../model/domain-event.js';
import { message, type NeutralMessage } from '../model/neutral-message.js';
import type { PublicLinks } from '../model/public-links.js';
import { slugify, type WriteUp } from '../model/write-up.js';
import type { CommandContext } from '../commands/command-context.js';
import type { Command } from '../commands/command.js';
import { CommandScope, serializeIncident } from '../commands/command-scope.js';
import { DEFAULT_COMMAND_SETTINGS, type CommandSettings } from '../commands/command-settings.js';
import type { Clock } from '../ports/clock.js';
import type { UnitOfWork } from '../ports/repositories.js';
import { requirePublic, requirePublicTitle } from '../commands/handlers/public-facts.handler.js';
import { sectionBody } from './review-document.js';
import type { Review } from './review.js';

const PLACEHOLDER = /^_.*_$/s;

/**
 * The public write-up is a separate document drafted from the review: the summary, impact, cause and the
 * follow-up work, without people's names or pinned chat messages. The lead previews it, edits it if needed,
 * then publishes it to the status page's blog.
 */
function draftWriteUpMarkdown(
  incident: Incident,
  review: Review | null,
  followups: readonly string[],
  publicUpdates: readonly string[],
): string {
  const pick = (heading: string, fallback: string) => {
    const body = review ? sectionBody(review.markdown, heading) : null;
    return body && !PLACEHOLDER.test(body) ? body : fallback;
  };
  return [
    `## What happened`,
    '',
    pick('Summary', incident.summary ?? '_Describe what happened for customers._'),
    '',
    '## Impact',
    '',
    pick('Impact', incident.impact ?? '_Describe who was affected and for how long._'),
    '',
    '## Why it happened',
    '',
    pick('Why it happened', '_Explain the cause in plain words._'),
    '',
    '## What we are doing about it',
    '',
    ...(followups.length
      ? followups.map((text) => `- ${text}`)
      : ['_List the changes that keep this from happening again._']),
    '',
    ...(publicUpdates.length
      ? ['## Updates during the incident', '', ...publicUpdates.map((line) => `- ${line}`), '']
      : []),
  ].join('\n');
}

type PublishCommand = Extract<Command, { kind: 'publish' | 'unpublish' }>;

export async function publishWriteUp(scope: CommandScope, command: PublishCommand): Promise<NeutralMessage> {
  const incident = await scope.incident(command.ref);
  scope.require('write_up', { incident });
  if (command.kind === 'unpublish') return unpublish(scope, incident);
  if (incident.status !== 'resolved' && incident.status !== 'closed') {
    throw new IncidentError(
      IncidentErrorCode.IllegalTransition,
      `${incident.ref} is still ${incident.status}: publish a write-up once it is resolved.`,
    );
  }
  requirePublic(incident);
  const publicTitle = requirePublicTitle(incident);
  const existing = await scope.stores.writeUps.findByIncident(incident.ref);
  const draft = existing ?? (await newDraft(scope, incident, publicTitle));
  const links = scope.settings.links;
  if (!command.confirm) return preview(draft, links);
  if (draft.state === 'published')
    return message(`The ${incident.ref} write-up is already published: ${links.writeUp(draft.slug)}`, {
      incidentRef: incident.ref,
    });
  const published: WriteUp = { ...draft, state: 'published', publishedAt: scope.now, updatedAt: scope.now };
  const [latestUpdate] = await scope.stores.updates.listFor(incident.ref);
  await saveAndAnnounce(scope, published, 'write_up.published', {
    // Subscribers hear of a write-up once, when it first goes public; later edits only refresh the page.
    announce: true,
    markdown: published.markdown,
    publishedAt: scope.now.toISOString(),
    incident: serializeIncident(incident),
    latestUpdate: latestUpdate ? jsonified(latestUpdate) : null,
  });
  scope.timeline(incident, 'note', `Write-up published at ${links.writeUp(published.slug)}`);
  return message(`Published: ${links.writeUp(published.slug)}`, {
    title: `${incident.ref} write-up is public`,
    tone: 'success',
    incidentRef: incident.ref,
  });
}

async function unpublish(scope: CommandScope, incident: Incident): Promise<NeutralMessage> {
  const existing = await scope.stores.writeUps.findByIncident(incident.ref);
  if (!existing || existing.state !== 'published') {
    throw new IncidentError(
      IncidentErrorCode.IllegalTransition,
      `${incident.ref} has no published write-up.`,
    );
  }
  await saveAndAnnounce(
    scope,
    { ...existing, state: 'draft', publishedAt: null, updatedAt: scope.now },
    'write_up.unpublished',
  );
  const link = scope.settings.links.writeUp(existing.slug);
  scope.timeline(incident, 'note', `Write-up ${link} unpublished`);
  return message(`Unpublished ${link}; it is a draft again.`, {
    tone: 'success',
    incidentRef: incident.ref,
  });
}

async function newDraft(scope: CommandScope, incident: Incident, publicTitle: string): Promise<WriteUp> {
  const review = await scope.stores.reviews.find(incident.ref);
  const followups = (await scope.stores.actions.listFor(incident.ref))
    .filter((item) => item.kind === 'followup')
    .map((item) => item.text);
  const updates = (await scope.stores.updates.listFor(incident.ref))
    .reverse()
    .map(
      (update) =>
        `${update.publishedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC — ${update.status}: ${update.body}`,
    );
  const draft: WriteUp = {
    slug: await freeSlug(scope, slugify(`${incident.ref} ${publicTitle}`)),
    incidentRef: incident.ref,
    title: publicTitle,
    markdown: draftWriteUpMarkdown(incident, review, followups, updates),
    state: 'draft',
    publishedAt: null,
    createdAt: scope.now,
    updatedAt: scope.now,
  };
  await scope.stores.writeUps.save(draft);
  return draft;
}

async function freeSlug(scope: CommandScope, base: string): Promise<string> {
  let slug = base;
  for (let n = 2; await scope.stores.writeUps.findBySlug(slug); n += 1) slug = `${base}-${n}`;
  return slug;
}

function preview(draft: WriteUp, links: PublicLinks): NeutralMessage {
  return message(draft.markdown, {
    title: `Preview of the public write-up: ${draft.title} (${links.writeUp(draft.slug)})`,
    visibility: 'private',
    incidentRef: draft.incidentRef,
    buttons:
      draft.state === 'published'
        ? []
        : [{ label: 'Publish', intent: { kind: 'publish_write_up' }, style: 'primary' }],
  });
}

async function saveAndAnnounce(
  scope: CommandScope,
  writeUp: WriteUp,
  type: 'write_up.published' | 'write_up.unpublished',
  announcement: Omit<WriteUpAnnouncement, keyof WriteUpEventPayload> | null = null,
): Promise<void> {
  await scope.stores.writeUps.save(writeUp);
  const payload = { slug: writeUp.slug, title: writeUp.title };
  if (type === 'write_up.published') scope.event(type, writeUp.incidentRef, { ...payload, ...announcement });
  else scope.event(type, writeUp.incidentRef, payload);
}

/** The write-up outside chat: preview, edit the public text, publish, unpublish. */
export class WriteUpService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
    private readonly settings: CommandSettings = DEFAULT_COMMAND_SETTINGS,
  ) {}

  async preview(ref: string, context: CommandContext): Promise<WriteUp> {
    return this.inScope(context, async (scope) => {
      const incident = await scope.incidentByRef(ref);
      await publishWriteUp(scope, { kind: 'publish', ref: incident.ref, confirm: false });
      return (await scope.stores.writeUps.findByIncident(incident.ref))!;
    });
  }

  async edit(
    ref: string,
    changes: { title?: string; markdown: string },
    context: CommandContext,
  ): Promise<WriteUp> {
    const draft = await this.preview(ref, context);
    return this.inScope(context, async (scope) => {
      const incident = await scope.incidentByRef(ref);
      scope.require('write_up', { incident });
      const edited: WriteUp = {
        ...draft,
        title: changes.title ?? draft.title,
        markdown: changes.markdown,
        updatedAt: scope.now,
      };
      await scope.stores.writeUps.save(edited);
      if (edited.state === 'published')
        scope.event('write_up.published', ref, { slug: edited.slug, title: edited.title });
      return edited;
    });
  }

  async setPublished(ref: string, published: boolean, context: CommandContext): Promise<WriteUp> {
    return this.inScope(context, async (scope) => {
      const command: PublishCommand = published
        ? { kind: 'publish', ref, confirm: true }
        : { kind: 'unpublish', ref };
      await publishWriteUp(scope, command);
      return (await scope.stores.writeUps.findByIncident(ref))!;
    });
  }

  private inScope<T>(context: CommandContext, work: (scope: CommandScope) => Promise<T>): Promise<T> {
    return this.unitOfWork.run(async (stores) => {
      const scope = new CommandScope(stores, this.clock.now(), context, this.settings);
      const result = await work(scope);
      await scope.flush();
      return result;
    });
  }
}
