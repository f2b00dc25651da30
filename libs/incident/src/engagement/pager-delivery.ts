import type { Incident } from '../model/incident.js';
import type { PublicLinks } from '../model/public-links.js';
import type { IncidentStatus } from '../model/incident-status.js';
import type { OutboxEvent, OutboxEventOf } from '../model/domain-event.js';
import type { Severity } from '../model/severity.js';
import type { DeliveryLog } from '../ports/chat-workspace.js';
import type { Clock } from '../ports/clock.js';
import type { OutboxConsumer } from '../ports/outbox-consumer.js';
import { PAGERS, type Page, type PagerKind } from './engagement.js';

/** A link a page carries to where the incident is worked. */
export interface PageLink {
  readonly href: string;
  readonly text: string;
}

/**
 * What a pager is asked: to trigger or resolve the on-call page of an incident. `dedupKey` is the incident's
 * reference, so a request sent twice (a retry after a lost answer) changes nothing at the pager.
 */
export interface PagerRequest {
  readonly action: 'trigger' | 'resolve';
  readonly service: string | null;
  readonly dedupKey: string;
  readonly summary: string;
  readonly severity: Severity;
  readonly status: IncidentStatus;
  readonly links: readonly PageLink[];
}

/** A paging tool (PagerDuty's Events API, a signed webhook). Throws when the request did not arrive. */
export abstract class Pager {
  abstract readonly kind: PagerKind;
  abstract send(request: PagerRequest): Promise<void>;
}

/** Reads the incident a page is about. */
export interface IncidentFinder {
  findIncident(ref: string): Promise<Incident | null>;
}

/** The most a pager shows of a summary (PagerDuty's limit). */
const SUMMARY_LENGTH = 1024;

/**
 * Sends pages from the outbox: `page.requested` triggers, the incident's resolution resolves each page it resolved.
 * Each request is recorded in the delivery log once sent, so a redelivered event sends nothing twice; a pager that
 * is down throws, and the relay retries later, so an outage delays a page and never loses it.
 */
export class PagerDelivery implements OutboxConsumer {
  readonly name = 'pager-delivery';
  readonly startAt = 'head' as const;
  private readonly pagers: ReadonlyMap<PagerKind, Pager>;

  constructor(
    pagers: readonly Pager[],
    private readonly incidents: IncidentFinder,
    private readonly deliveries: DeliveryLog,
    private readonly clock: Clock,
    /** Where the incident's living document is, for the page's links. */
    private readonly publicLinks: PublicLinks,
    private readonly report: (problem: string) => void = () => undefined,
  ) {
    this.pagers = new Map(pagers.map((pager) => [pager.kind, pager]));
  }

  async handle(event: OutboxEvent): Promise<void> {
    if (!event.incidentRef) return;
    if (event.type === 'page.requested') return this.trigger(event, event.incidentRef);
    if (event.type === 'incident.resolved' || event.type === 'incident.closed')
      return this.resolve(event.incidentRef);
  }

  private async trigger(event: OutboxEventOf<'page.requested'>, ref: string): Promise<void> {
    const { pager, service } = event.payload;
    if (!isPagerKind(pager)) return;
    const incident = await this.incidents.findIncident(ref);
    if (!incident) return;
    await this.sendOnce(
      `pager:trigger:${event.position}`,
      pager,
      requestFor(incident, 'trigger', service ?? null, this.publicLinks),
    );
  }

  private async resolve(ref: string): Promise<void> {
    const incident = await this.incidents.findIncident(ref);
    for (const page of incident?.pages ?? []) {
      if (!page.resolvedAt) continue;
      await this.sendOnce(
        resolveKey(ref, page),
        page.pager,
        requestFor(incident!, 'resolve', page.service, this.publicLinks),
      );
    }
  }

  private async sendOnce(key: string, kind: PagerKind, request: PagerRequest): Promise<void> {
    if (await this.deliveries.find(key)) return;
    const pager = this.pagers.get(kind);
    if (!pager) {
      this.report(
        `${request.dedupKey}: no ${kind} pager is configured any more; its ${request.action} is skipped.`,
      );
      return;
    }
    await pager.send(request);
    await this.deliveries.record({ key, platformMessageId: '', channelId: kind, at: this.clock.now() });
  }
}

const isPagerKind = (value: unknown): value is PagerKind => (PAGERS as readonly unknown[]).includes(value);

/** One resolve per page: the page is named by its pager, service and when it was sent. */
const resolveKey = (ref: string, page: Page): string =>
  `pager:resolve:${ref}:${page.pager}:${page.service ?? ''}:${page.pagedAt.toISOString()}`;

/** What the pager shows: the incident's reference and title, its severity, and where it is worked. */
export function requestFor(
  incident: Incident,
  action: PagerRequest['action'],
  service: string | null,
  publicLinks: PublicLinks,
): PagerRequest {
  const summary = `${incident.ref}: ${incident.title}`;
  return {
    action,
    service,
    dedupKey: incident.ref,
    summary: [...summary].slice(0, SUMMARY_LENGTH).join(''),
    severity: incident.severity,
    status: incident.status,
    links: pageLinks(incident, publicLinks.document(incident.ref)),
  };
}

function pageLinks(incident: Incident, document: string | null): PageLink[] {
  const links: PageLink[] = document ? [{ href: document, text: `${incident.ref} document` }] : [];
  for (const space of incident.spaces.filter((each) => each.url))
    links.push({ href: space.url!, text: `${incident.ref} on ${platformName(space.platform)}` });
  if (incident.call?.url) links.push({ href: incident.call.url, text: `${incident.ref} call` });
  return links;
}

const platformName = (platform: string): string =>
  platform === 'discord' ? 'Discord' : platform === 'teams' ? 'Microsoft Teams' : platform;
