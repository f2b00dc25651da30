import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import type { ComponentStatus } from '@firebreak/incident';
import {
  bannerStatus,
  incidentHistory,
  type PublicComponent,
  type PublicGroup,
  type PublicIncident,
  type PublicMaintenance,
  type PublicWriteUp,
  type StatusSnapshot,
  type UptimeDay,
} from '@firebreak/status';
import { type Branding, imageSourcesOf } from './branding.js';
import type { ImageSources } from './image-sources.js';
import { renderMarkdown } from './markdown.js';
import { type CachedResource, etagOf } from './status-site.js';

/** `apps/status-page/views` next to the sources, or beside `dist/` when running the build (Dockerfile copies it). */
export function statusPageAsset(folder: 'views' | 'public'): string {
  const candidates = ['../..', '../../../../../apps/status-page'].map((up) =>
    fileURLToPath(new URL(`${up}/${folder}`, import.meta.url)),
  );
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) throw new Error(`Status page ${folder} not found in ${candidates.join(' or ')}`);
  return found;
}

const COMPONENT_LABELS: Readonly<Record<ComponentStatus, string>> = {
  operational: 'Operational',
  degraded_performance: 'Degraded performance',
  partial_outage: 'Partial outage',
  major_outage: 'Major outage',
  under_maintenance: 'Under maintenance',
};
const STATUS_LABELS: Readonly<Record<string, string>> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
  postmortem: 'Postmortem',
  scheduled: 'Scheduled',
  in_progress: 'In progress',
  completed: 'Completed',
};
const BANNER: Readonly<Record<string, string>> = {
  none: 'ok',
  minor: 'minor',
  major: 'major',
  critical: 'major',
  maintenance: 'maintenance',
};
const BAR: Readonly<Record<ComponentStatus, string>> = {
  operational: 'ok',
  under_maintenance: 'maintenance',
  degraded_performance: 'degraded',
  partial_outage: 'partial',
  major_outage: 'major',
};

const percentText = (percent: number | null): string =>
  percent === null ? 'No data' : `${percent.toFixed(percent === 100 ? 0 : 2)} %`;

/** `<time>` carries UTC for machines and shows UTC until the page's script shows the viewer's zone. */
function timeTag(date: Date | null): Handlebars.SafeString {
  if (!date) return new Handlebars.SafeString('');
  const iso = date.toISOString();
  const shown = `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
  return new Handlebars.SafeString(`<time datetime="${iso}">${shown}</time>`);
}

type ComponentTreeItem =
  | { readonly group: PublicGroup; readonly children: readonly PublicComponent[] }
  | { readonly group: null; readonly component: PublicComponent };

const UNRESOLVED = new Set(['investigating', 'identified', 'monitoring']);

/** Parts of the home page a live push can replace (the banner always comes along). */
export type LiveSection = 'incidents' | 'maintenances' | 'components';

/** Renders every page and live region from a snapshot, with Handlebars (user text is always escaped). */
export class PageRenderer {
  private readonly handlebars = Handlebars.create();
  private readonly templates = new Map<string, Handlebars.TemplateDelegate>();
  private readonly images: ImageSources;
  /**
   * The configured accent colours as a stylesheet of their own (`/assets/brand.css`): the page's
   * Content-Security-Policy allows styles from files only, never an inline `<style>`.
   */
  readonly brandStylesheet: CachedResource;

  constructor(
    private readonly branding: Branding,
    viewsDir = statusPageAsset('views'),
  ) {
    this.images = imageSourcesOf(branding);
    this.brandStylesheet = brandStylesheetOf(branding);
    this.registerHelpers();
    for (const file of readdirSync(join(viewsDir, 'partials')))
      this.handlebars.registerPartial(
        basename(file, '.hbs'),
        readFileSync(join(viewsDir, 'partials', file), 'utf8'),
      );
    for (const file of readdirSync(join(viewsDir, 'pages')))
      this.templates.set(
        basename(file, '.hbs'),
        this.handlebars.compile(readFileSync(join(viewsDir, 'pages', file), 'utf8')),
      );
    this.templates.set('layout', this.handlebars.compile(readFileSync(join(viewsDir, 'layout.hbs'), 'utf8')));
    for (const partial of ['banner', 'components', 'incidents', 'maintenances', 'update-items'])
      this.templates.set(`partial:${partial}`, this.handlebars.compile(`{{> ${partial}}}`));
  }

  home(snapshot: StatusSnapshot): string {
    return this.page('home', `${this.branding.name}`, 'home', this.homeView(snapshot), 'home');
  }

  incident(snapshot: StatusSnapshot, incident: PublicIncident): string {
    const names = this.componentNames(snapshot, incident.componentIds);
    return this.page(
      'incident',
      `${incident.title} · ${this.branding.name}`,
      'history',
      { incident, componentNames: names },
      `incident:${incident.ref}`,
    );
  }

  history(snapshot: StatusSnapshot, page: number): string {
    const history = incidentHistory(snapshot.incidents, page, this.branding.historyMonthsPerPage);
    return this.page('history', `Incident history · ${this.branding.name}`, 'history', {
      history,
      previousPage: page > 1 ? page - 1 : null,
      nextPage: page < history.pages ? page + 1 : null,
    });
  }

  blog(snapshot: StatusSnapshot): string {
    return this.page('blog', `Write-ups · ${this.branding.name}`, 'blog', { writeUps: snapshot.writeUps });
  }

  writeUp(writeUp: PublicWriteUp): string {
    return this.page('write-up', `${writeUp.title} · ${this.branding.name}`, 'blog', {
      writeUp,
      html: renderMarkdown(writeUp.markdown, this.images),
    });
  }

  notFound(): string {
    return this.page('not-found', `Not found · ${this.branding.name}`, null, {});
  }

  /** The fragments open pages replace in place when something public changes. */
  liveRegions(
    snapshot: StatusSnapshot,
    refs: readonly string[] = [],
    sections: readonly LiveSection[] = ['incidents', 'maintenances', 'components'],
  ): Record<string, string> {
    const view = this.homeView(snapshot);
    const render = (name: string, context: unknown) => this.templates.get(`partial:${name}`)!(context);
    const regions: Record<string, string> = { banner: render('banner', view) };
    for (const section of sections) regions[section] = render(section, view);
    for (const ref of refs) {
      const incident = snapshot.incidents.find((each) => each.ref === ref);
      if (!incident) continue;
      regions[`updates-${ref}`] = render('update-items', { updates: incident.updates });
      regions[`status-${ref}`] = `<span class="chip chip-incident">${STATUS_LABELS[incident.status]}</span>`;
    }
    return regions;
  }

  private homeView(snapshot: StatusSnapshot) {
    const withNames = (maintenance: PublicMaintenance) => ({
      ...maintenance,
      componentNames: this.componentNames(snapshot, maintenance.componentIds),
    });
    const openIncidents = snapshot.incidents.filter((incident) => UNRESOLVED.has(incident.status));
    return {
      overall: bannerStatus(
        snapshot.overall,
        openIncidents.map((incident) => incident.impact),
      ),
      generatedAt: snapshot.generatedAt,
      componentTree: componentTree(snapshot),
      openIncidents,
      activeMaintenances: snapshot.maintenances
        .filter((each) => each.status === 'in_progress')
        .map(withNames),
      upcomingMaintenances: snapshot.maintenances
        .filter((each) => each.status === 'scheduled')
        .reverse()
        .map(withNames),
      subscribeUrl: this.branding.subscribeUrl ?? null,
      subscribeComponents: snapshot.components.map(({ id, name }) => ({ id, name })),
    };
  }

  private componentNames(snapshot: StatusSnapshot, ids: readonly string[]): string[] {
    return snapshot.components
      .filter((component) => ids.includes(component.id))
      .map((component) => component.name);
  }

  private page(template: string, title: string, nav: string | null, context: object, live?: string): string {
    const body = this.templates.get(template)!({ ...context, brand: this.branding });
    return this.templates.get('layout')!({ title, nav, body, brand: this.branding, live: live ?? null });
  }

  private registerHelpers(): void {
    const helpers: Record<string, Handlebars.HelperDelegate> = {
      eq: (a: unknown, b: unknown) => a === b,
      time: (date: Date | null) => timeTag(date),
      componentStatusLabel: (status: ComponentStatus) => COMPONENT_LABELS[status] ?? status,
      incidentStatusLabel: (status: string) => STATUS_LABELS[status] ?? status,
      maintenanceStatusLabel: (status: string) => STATUS_LABELS[status] ?? status,
      bannerClass: (indicator: string) => BANNER[indicator] ?? 'ok',
      barClass: (day: UptimeDay) => (day.worst ? BAR[day.worst] : 'none'),
      notable: (day: UptimeDay) => day.incidents.length > 0 || day.downMinutes > 0,
      dayText: (day: UptimeDay) => {
        if (day.percent === null) return 'No data';
        const down = day.downMinutes > 0 ? `, ${day.downMinutes} min down` : '';
        return `${percentText(day.percent)} uptime${down}${day.incidents.length ? '' : ', no incidents'}`;
      },
      percentText: (percent: number | null) => percentText(percent),
      join: (values: readonly string[]) => values.join(', '),
    };
    for (const [name, helper] of Object.entries(helpers)) this.handlebars.registerHelper(name, helper);
  }
}

function brandStylesheetOf(branding: Branding): CachedResource {
  // The colours are validated as #rrggbb when the configuration loads, so they cannot end the rule.
  const body = Buffer.from(
    `:root { --accent: ${branding.accent}; }\n` +
      `@media (prefers-color-scheme: dark) { :root { --accent: ${branding.accentDark}; } }\n`,
  );
  return { body, etag: etagOf(body), contentType: 'text/css; charset=utf-8' };
}

function componentTree(snapshot: StatusSnapshot): ComponentTreeItem[] {
  const items: { position: number; item: ComponentTreeItem }[] = [];
  for (const group of snapshot.groups)
    items.push({
      position: group.position,
      item: { group, children: snapshot.components.filter((component) => component.groupId === group.id) },
    });
  for (const component of snapshot.components)
    if (!component.groupId) items.push({ position: component.position, item: { group: null, component } });
  return items.sort((a, b) => a.position - b.position).map(({ item }) => item);
}
