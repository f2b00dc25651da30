import { IncidentError, IncidentErrorCode } from '../errors.js';
import type { ActionItem } from '../model/action-item.js';
import type { Component } from '../model/component.js';
import { domainEvent, jsonified } from '../model/domain-event.js';
import type { Incident, IncidentSpace } from '../model/incident.js';
import type { NeutralMessage } from '../model/neutral-message.js';
import type { StatusUpdate } from '../model/status-update.js';
import type { TimelineEntry } from '../model/timeline-entry.js';
import type { Clock } from '../ports/clock.js';
import type { IncidentQuery, IncidentStores, TimelineQuery, UnitOfWork } from '../ports/repositories.js';
import type { Command } from './command.js';
import { incidentNotFound } from './access-policy.js';
import type { CommandContext } from './command-context.js';
import { DEFAULT_COMMAND_SETTINGS, type CommandSettings } from './command-settings.js';
import { parseCommand } from './command-parser.js';
import { readRecord, referenceTo, type CommandRecord, type RecordReference } from './command-record.js';
import { incidentAnnouncement, incidentHeadline } from './incident-messages.js';
import { CommandScope } from './command-scope.js';
import { addFollowup, logAction, markDone } from './handlers/action-items.handler.js';
import { declareIncident } from './handlers/declare.handler.js';
import { addNote, setFact, setSeverity } from './handlers/incident-facts.handler.js';
import { changeStatus } from './handlers/incident-status.handler.js';
import { changeComponentStatus, publishUpdate } from './handlers/public-communication.handler.js';
import { changeAccess, changeInvitees } from './handlers/incident-access.handler.js';
import { renameIncident, setPublicImpact, setPublicTitle } from './handlers/public-facts.handler.js';
import { listOpenIncidents, showHelp, showIncident } from './handlers/queries.handler.js';
import { assignRole, unassignRole } from './handlers/roles.handler.js';
import { capturePinnedMessage } from './handlers/timeline-capture.handler.js';
import {
  approveDraft,
  cancelUpdate,
  componentsOperational,
  listUpdates,
  offerComponentsBack,
  proposeDraft,
  publishTemplate,
  scheduleUpdate,
  snoozeReminders,
} from '../communications/communications.handler.js';
import {
  editReviewSection,
  finishReview,
  refreshReview,
  listOpenFollowups as listOpenFollowupsMessage,
  scheduleReviewMeeting,
} from '../review/review.handler.js';
import { publishWriteUp } from '../review/write-up-publishing.js';
import { acknowledgePage, attachCallLink, openCall, pageLead } from '../engagement/engagement.handler.js';

export interface CommandResult {
  readonly message: NeutralMessage;
  /** The incident the command was about, as it stands afterwards. */
  readonly incident: Incident | null;
  /** What the commands created or changed (an incident, a note, an update, …), in order; see `recordOf`. */
  readonly records: readonly CommandRecord[];
  /** True when this was a retried delivery answered from the first run. */
  readonly replayed: boolean;
}

/** What a run of commands answers, before the incident is read: its records as stored, or as remembered. */
interface AppliedCommands {
  readonly message: NeutralMessage;
  readonly incidentRef: string | null;
  readonly records: readonly CommandRecord[];
  readonly replayed: boolean;
}

interface RememberedResult {
  readonly message: NeutralMessage;
  readonly incidentRef: string | null;
  /** Absent from answers remembered by earlier versions. */
  readonly records?: readonly RecordReference[];
}

export interface NewComponent {
  readonly name: string;
  readonly group?: string | null;
  readonly description?: string | null;
}

/** The one entry point every transport uses to change or read incidents. */
export class IncidentService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
    private readonly settings: CommandSettings = DEFAULT_COMMAND_SETTINGS,
  ) {}

  /** Parses and runs one line of the command language; a line it cannot read is refused like any command. */
  async run(text: string, context: CommandContext): Promise<CommandResult> {
    return this.execute(parseCommand(text), context);
  }

  execute(command: Command, context: CommandContext): Promise<CommandResult> {
    return this.executeAll([command], context);
  }

  /** Runs commands in one transaction: either all apply or none does. The last one's answer is returned. */
  async executeAll(commands: readonly Command[], context: CommandContext): Promise<CommandResult> {
    if (commands.length === 0) throw IncidentError.invalid('commands', 'Nothing to do.');
    const { remembered, incident } = await this.unitOfWork.run(async (stores) => {
      const answer = await this.apply(stores, commands, context);
      // Read in the same transaction: the incident as this command left it, without a second turn afterwards.
      const ref = answer.incidentRef;
      return { remembered: answer, incident: ref ? await stores.incidents.findByRef(ref) : null };
    });
    const { message, records, replayed } = remembered;
    return { message, incident, records, replayed };
  }

  private async apply(
    stores: IncidentStores,
    commands: readonly Command[],
    context: CommandContext,
  ): Promise<AppliedCommands> {
    const previous = await this.previousAnswer(stores, context);
    if (previous) return { ...previous, records: await recordsOf(stores, previous), replayed: true };
    const scope = new CommandScope(stores, this.clock.now(), context, this.settings);
    let answer: NeutralMessage | null = null;
    for (const command of commands) answer = await dispatch(scope, command);
    await scope.flush();
    const result: RememberedResult = {
      message: answer!,
      incidentRef: answer!.incidentRef,
      records: scope.records.map(referenceTo),
    };
    if (context.idempotencyKey)
      await stores.idempotency.remember(context.idempotencyKey, result, scope.now, context.idempotencyScope);
    return { ...result, records: scope.records, replayed: false };
  }

  private async previousAnswer(
    stores: IncidentStores,
    context: CommandContext,
  ): Promise<RememberedResult | null> {
    if (!context.idempotencyKey) return null;
    const request = context.idempotencyScope;
    const previous = await stores.idempotency.find(context.idempotencyKey, request?.scope);
    if (!previous) return null;
    // A different request under a used key is a client's mistake: answering it with the first request's
    // result would tell it something false.
    if (request && previous.requestHash !== request.requestHash)
      throw new IncidentError(
        IncidentErrorCode.IdempotencyKeyReused,
        'This Idempotency-Key was used with a different request; send a new key for a new request.',
        'Idempotency-Key',
      );
    return previous.result as RememberedResult;
  }

  /** The incident's headline post, as every platform shows it (with the link to its document). */
  async headline(incident: Incident): Promise<NeutralMessage> {
    return incidentHeadline(incident, await this.components(), this.documentUrl(incident.ref));
  }

  /** The incidents-channel announcement pointing at the incident's own channel and its document. */
  announcement(incident: Incident, spaceUrl: string | null): NeutralMessage {
    return incidentAnnouncement(incident, spaceUrl, this.documentUrl(incident.ref));
  }

  /** The incident's living document on the responders' site, when the site has a base URL. */
  documentUrl(ref: string): string | null {
    return this.settings.links.document(ref);
  }

  findIncident(ref: string): Promise<Incident | null> {
    return this.unitOfWork.read((stores) => stores.incidents.findByRef(ref));
  }

  /** The incident; with a `viewer`, only if they may see it (else refused as if it did not exist). */
  async getIncident(ref: string, viewer?: CommandContext): Promise<Incident> {
    const incident = await this.findIncident(ref);
    const access = this.settings.access;
    if (viewer) return access.requireSee(access.viewerOf(viewer), incident, ref);
    if (incident) return incident;
    throw incidentNotFound(ref);
  }

  findIncidentBySpace(
    platform: Incident['declaredIn']['platform'],
    channelId: string,
  ): Promise<Incident | null> {
    return this.unitOfWork.read((stores) => stores.incidents.findBySpace(platform, channelId));
  }

  /** Incidents; with a `viewer`, only those they may see. */
  async listIncidents(query: IncidentQuery = {}, viewer?: CommandContext): Promise<Incident[]> {
    const incidents = await this.unitOfWork.read((stores) => stores.incidents.list(query));
    return viewer
      ? this.settings.access.visible(this.settings.access.viewerOf(viewer), incidents)
      : incidents;
  }

  async timeline(ref: string, query?: TimelineQuery, viewer?: CommandContext): Promise<TimelineEntry[]> {
    await this.getIncident(ref, viewer);
    return this.unitOfWork.read((stores) => stores.timeline.listFor(ref, query));
  }

  async actionItems(ref: string, viewer?: CommandContext): Promise<ActionItem[]> {
    await this.getIncident(ref, viewer);
    return this.unitOfWork.read((stores) => stores.actions.listFor(ref));
  }

  listOpenFollowups(): Promise<ActionItem[]> {
    return this.unitOfWork.read((stores) => stores.actions.listOpenFollowups());
  }

  async statusUpdates(ref: string, viewer?: CommandContext): Promise<StatusUpdate[]> {
    await this.getIncident(ref, viewer);
    return this.unitOfWork.read((stores) => stores.updates.listFor(ref));
  }

  components(): Promise<Component[]> {
    return this.unitOfWork.read((stores) => stores.components.list());
  }

  createComponent(input: NewComponent): Promise<Component> {
    const name = input.name.trim();
    if (!name || name.length > 100)
      throw IncidentError.invalid('name', 'A component needs a name of 1 to 100 characters.');
    return this.unitOfWork.run(async (stores) => {
      if (await stores.components.findByName(name)) {
        throw new IncidentError(
          IncidentErrorCode.Conflict,
          `A component named "${name}" already exists.`,
          'name',
        );
      }
      const now = this.clock.now();
      const existing = await stores.components.list();
      const component: Component = {
        id: uniqueSlug(name, new Set(existing.map((each) => each.id))),
        name,
        group: input.group?.trim() || null,
        description: input.description?.trim() || null,
        status: 'operational',
        position: existing.length + 1,
        createdAt: now,
        updatedAt: now,
      };
      await stores.components.create(component);
      await stores.outbox.append([
        domainEvent('component.created', null, now, { component: jsonified(component) }),
      ]);
      return component;
    });
  }

  /** Records the channel/conversation a connector opened for the incident (or its headline post). */
  attachSpace(ref: string, space: IncidentSpace): Promise<Incident> {
    return this.unitOfWork.run(async (stores) => {
      const incident = await stores.incidents.findByRef(ref);
      if (!incident)
        throw new IncidentError(IncidentErrorCode.IncidentNotFound, `There is no incident ${ref}.`, 'ref');
      const same = (each: IncidentSpace) =>
        each.platform === space.platform && each.channelId === space.channelId;
      const isNew = !incident.spaces.some(same);
      // An updated space keeps its place (as its stored row does); a new one comes last.
      const spaces = isNew
        ? [...incident.spaces, space]
        : incident.spaces.map((each) => (same(each) ? space : each));
      const scope = new CommandScope(
        stores,
        this.clock.now(),
        { actor: { id: 'api:firebreak', displayName: 'Firebreak' }, location: null },
        this.settings,
      );
      const saved = await scope.saveIncident(incident, { ...incident, spaces }, 'incident.space_attached', {
        space: { ...space },
        isNew,
      });
      await scope.flush();
      return saved;
    });
  }

  /**
   * Records the link of the call a connector opened for `call.requested` (a voice channel, a meeting), once;
   * null when it could not open one (see `attachCallLink`).
   */
  attachCall(ref: string, url: string | null): Promise<Incident> {
    return this.unitOfWork.run(async (stores) => {
      const scope = new CommandScope(
        stores,
        this.clock.now(),
        { actor: { id: 'api:firebreak', displayName: 'Firebreak' }, location: null },
        this.settings,
      );
      const saved = await attachCallLink(scope, ref, url);
      await scope.flush();
      return saved;
    });
  }
}

/** A replayed answer's records, read back as they stand now. */
async function recordsOf(stores: IncidentStores, remembered: RememberedResult): Promise<CommandRecord[]> {
  const records = await Promise.all(
    (remembered.records ?? []).map((reference) => readRecord(stores, reference)),
  );
  return records.filter((record) => record !== null);
}

function dispatch(scope: CommandScope, command: Command): Promise<NeutralMessage> {
  switch (command.kind) {
    case 'declare':
      return declareIncident(scope, command);
    case 'title':
      return renameIncident(scope, command);
    case 'invite':
    case 'uninvite':
      return changeInvitees(scope, command);
    case 'access':
      return changeAccess(scope, command);
    case 'public_title':
      return setPublicTitle(scope, command);
    case 'public_impact':
      return setPublicImpact(scope, command);
    case 'summary':
    case 'impact':
      return setFact(scope, command);
    case 'severity':
      return setSeverity(scope, command);
    case 'note':
      return addNote(scope, command);
    case 'status':
    case 'resolve':
      return changeStatus(scope, command).then((answer) => offerComponentsBack(scope, answer));
    case 'reopen':
    case 'close':
      return changeStatus(scope, command);
    case 'role':
      return assignRole(scope, command);
    case 'unassign':
      return unassignRole(scope, command);
    case 'action':
      return logAction(scope, command);
    case 'followup':
      return addFollowup(scope, command);
    case 'done':
      return markDone(scope, command);
    case 'update':
      return publishUpdate(scope, command);
    case 'component':
      return changeComponentStatus(scope, command);
    case 'update_template':
      return publishTemplate(scope, command);
    case 'update_later':
      return scheduleUpdate(scope, command);
    case 'update_draft':
      return proposeDraft(scope, command);
    case 'updates':
      return listUpdates(scope, command);
    case 'cancel_update':
      return cancelUpdate(scope, command);
    case 'approve':
      return approveDraft(scope, command);
    case 'snooze':
      return snoozeReminders(scope, command);
    case 'components_operational':
      return componentsOperational(scope, command);
    case 'pin':
    case 'unpin':
      return capturePinnedMessage(scope, command);
    case 'list':
      return listOpenIncidents(scope);
    case 'show':
      return showIncident(scope, command);
    case 'help':
      return Promise.resolve(showHelp(scope, command));
    case 'review':
      return editReviewSection(scope, command);
    case 'review_done':
      return finishReview(scope, command);
    case 'review_refresh':
      return refreshReview(scope, command);
    case 'review_schedule':
      return scheduleReviewMeeting(scope, command);
    case 'publish':
    case 'unpublish':
      return publishWriteUp(scope, command);
    case 'followups':
      return listOpenFollowupsMessage(scope);
    case 'page':
      return pageLead(scope, command);
    case 'page_acknowledged':
      return acknowledgePage(scope, command);
    case 'call':
      return openCall(scope, command);
  }
}

function uniqueSlug(name: string, taken: ReadonlySet<string>): string {
  const base =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'component';
  let slug = base;
  for (let n = 2; taken.has(slug); n += 1) slug = `${base}-${n}`;
  return slug;
}
