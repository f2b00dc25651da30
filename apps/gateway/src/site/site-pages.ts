import { createHash, randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import {
  chatReplyForError,
  type Clock,
  type CommandSettings,
  type CommunicationsQueries,
  INCIDENT_STATUSES,
  type IncidentService,
  type NeutralMessage,
  onImpliedIncident,
  parseCommand,
  PLATFORMS,
  SEVERITIES,
  type ActionItem,
  type Incident,
} from '@firebreak/incident';
import {
  documentView,
  readTimelineFilter,
  timelineView,
  type DocumentRecord,
  type TimelineFilter,
} from './incident-document.js';
import {
  componentChoices,
  incidentListPage,
  readIncidentFilter,
  type IncidentFilter,
} from './incident-list.js';
import type { SiteReadCache } from './site-read-cache.js';
import type { SiteRenderer } from './site-renderer.js';
import { replyView } from './site-markdown.js';
import type { SignedInSession } from './site-sessions.js';
import { zoneChoices } from './time-zone.js';

/** What the command box answered, shown under it; `commandText` refills the box when the command failed. */
export interface CommandOutcome {
  readonly reply: NeutralMessage;
  readonly failed: boolean;
  readonly commandText: string;
}

export type Query = Readonly<Record<string, unknown>>;

/** The site's pages: reads through the domain's services, decides nothing the domain decides. */
export class SitePages {
  private readonly logger = new Logger('Site');

  constructor(
    private readonly incidents: IncidentService,
    private readonly communications: CommunicationsQueries,
    private readonly settings: CommandSettings,
    private readonly clock: Clock,
    private readonly renderer: SiteRenderer,
    private readonly cache: SiteReadCache,
  ) {}

  async incidentsPage(
    session: SignedInSession,
    query: Query,
    outcome: CommandOutcome | null = null,
  ): Promise<string> {
    const filter = readIncidentFilter(query);
    const [incidents, components] = await Promise.all([
      this.cache.allIncidents(),
      this.cache.record('components', () => this.incidents.components()),
    ]);
    const list = incidentListPage(
      this.settings.access.visible(session.viewer, incidents),
      filter,
      this.clock.now(),
    );
    return this.renderer.page('incidents', this.frame(session, 'Incidents', 'incidents', 'list'), {
      filter,
      list,
      pager: pagerOf(filter, list.page, list.pages),
      choices: {
        statuses: INCIDENT_STATUSES,
        severities: SEVERITIES,
        platforms: PLATFORMS,
        components: componentChoices(components),
      },
      ...this.commandBox(null, outcome),
    });
  }

  async incidentPage(
    session: SignedInSession,
    ref: string,
    query: Query,
    zone: string,
    outcome: CommandOutcome | null = null,
  ): Promise<string> {
    const record = await this.documentRecord(session, ref);
    const filter = readTimelineFilter(query.kind);
    const view = documentView(record, {
      zone,
      filter,
      now: this.clock.now(),
      mayTick: (item) => this.mayTick(session, record.incident, item),
    });
    const title = `${record.incident.ref}: ${record.incident.title}`;
    return this.renderer.page('incident', this.frame(session, title, 'incidents', record.incident.ref), {
      ...view,
      ref: record.incident.ref,
      filtered: filter !== null,
      zone,
      zones: zoneChoices(zone),
      timelineHtml: await this.timelineHtml(record.incident.ref, zone, filter),
      lists: [
        { heading: 'Actions', items: view.actions },
        { heading: 'Follow-ups', items: view.followups },
      ],
      ...this.commandBox(record.incident.ref, outcome),
    });
  }

  /** Runs one line of the command language as the signed-in person; a refusal is a reply, as in chat. */
  async runCommand(
    session: SignedInSession,
    text: string,
    ref: string | null,
    attempt: string | null,
  ): Promise<CommandOutcome> {
    const context = this.settings.access.commandContext(
      session.viewer,
      idempotencyOf(session, text, ref, attempt),
    );
    try {
      const parsed = parseCommand(text);
      const command = ref ? onImpliedIncident(parsed, ref) : parsed;
      const result = await this.incidents.execute(command, context);
      // The page answering this form must show what it did, without waiting for the outbox to say so.
      this.cache.invalidate();
      return { reply: result.message, failed: false, commandText: '' };
    } catch (error) {
      return { reply: this.refusal(error), failed: true, commandText: text };
    }
  }

  /** Marks an action or follow-up done, as `done <id>` would; the same permission rule decides. */
  async markDone(session: SignedInSession, ref: string, itemId: number): Promise<CommandOutcome | null> {
    await this.documentRecord(session, ref);
    try {
      await this.incidents.execute(
        { kind: 'done', itemId },
        this.settings.access.commandContext(session.viewer),
      );
      this.cache.invalidate();
      return null;
    } catch (error) {
      return { reply: this.refusal(error), failed: true, commandText: '' };
    }
  }

  private refusal(error: unknown): NeutralMessage {
    const { reply, errorId } = chatReplyForError(error, randomUUID);
    if (errorId)
      this.logger.error(
        `Site command failed ${errorId}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
    return reply;
  }

  private async documentRecord(session: SignedInSession, ref: string): Promise<DocumentRecord> {
    const record = await this.cache.record(`document ${ref}`, () => this.readDocument(ref));
    this.settings.access.requireSee(session.viewer, record?.incident ?? null, ref);
    return record!;
  }

  /** Everything the document shows but its timeline; null when there is no such incident. */
  private async readDocument(ref: string): Promise<DocumentRecord | null> {
    const incident = await this.incidents.findIncident(ref);
    if (!incident) return null;
    const [items, updates, scheduled, components] = await Promise.all([
      this.incidents.actionItems(incident.ref),
      this.incidents.statusUpdates(incident.ref),
      this.communications.scheduledUpdates(incident.ref),
      this.cache.record('components', () => this.incidents.components()),
    ]);
    return { incident, items, updates, scheduled, components };
  }

  /** The timeline holds no form or per-person content, so it is rendered once per zone and filter until it changes. */
  private timelineHtml(ref: string, zone: string, filter: TimelineFilter | null): Promise<string> {
    return this.cache.fragment(`timeline ${ref} ${zone} ${filter ?? ''}`, async () => {
      const timeline = timelineView(await this.incidents.timeline(ref), { zone, filter });
      return this.renderer.partial('timeline', { timeline, filtered: filter !== null });
    });
  }

  private mayTick(session: SignedInSession, incident: Incident, item: ActionItem): boolean {
    const action = item.kind === 'followup' ? 'followup_done' : 'action_done';
    return this.settings.access.mayDo(action, session.viewer, {
      incident,
      owner: item.owner ?? item.createdBy,
    });
  }

  private commandBox(ref: string | null, outcome: CommandOutcome | null) {
    const reply = outcome ? { ...replyView(outcome.reply), incidentRef: outcome.reply.incidentRef } : null;
    return { commandRef: ref, commandText: outcome?.commandText ?? '', attempt: randomUUID(), reply };
  }

  private frame(session: SignedInSession, title: string, nav: 'incidents' | 'insights', live: string | null) {
    return { title, viewer: session.viewer, csrf: session.csrfToken, nav, live };
  }
}

/**
 * Each rendered command box carries a fresh attempt id: a form sent twice (a reload, a double click) applies
 * once, and the second answer is the first's.
 */
function idempotencyOf(session: SignedInSession, text: string, ref: string | null, attempt: string | null) {
  if (!attempt || attempt.length > 100) return {};
  const actor = session.viewer.person.id;
  return {
    idempotencyKey: `site:${attempt}`,
    idempotencyScope: {
      scope: `${actor} site command`,
      requestHash: createHash('sha256')
        .update(JSON.stringify([text, ref]))
        .digest('hex'),
    },
  };
}

function pagerOf(filter: IncidentFilter, page: number, pages: number) {
  if (pages <= 1) return null;
  const link = (to: number) => {
    const query = new URLSearchParams();
    if (filter.search) query.set('q', filter.search);
    for (const name of ['status', 'severity', 'component', 'platform'] as const) {
      const value = filter[name];
      if (value) query.set(name, value);
    }
    query.set('page', String(to));
    return `/site/incidents?${query.toString()}`;
  };
  return { previous: page > 1 ? link(page - 1) : null, next: page < pages ? link(page + 1) : null };
}
