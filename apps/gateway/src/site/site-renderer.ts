import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import type { Viewer } from '@firebreak/incident';
import type { ShownTime } from './time-zone.js';

/** `apps/gateway/site/<folder>` beside the sources, or beside `dist/` when running the build. */
export function siteAsset(folder: 'views' | 'public'): string {
  const candidates = ['../../site', '../../../../../apps/gateway/site'].map((up) =>
    fileURLToPath(new URL(`${up}/${folder}`, import.meta.url)),
  );
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) throw new Error(`Site ${folder} not found in ${candidates.join(' or ')}`);
  return found;
}

/** What every page's frame needs: who is signed in, the token their forms carry, where they are. */
export interface PageFrame {
  readonly title: string;
  readonly viewer: Viewer | null;
  readonly csrf: string | null;
  readonly nav: 'incidents' | 'insights' | null;
  /** The incident whose live updates the page follows, or `list` for the incidents list. */
  readonly live?: string | null;
  /** The insights page links the insights stylesheet. */
  readonly insights?: boolean;
}

/** Renders the site's pages with Handlebars; every text is escaped by `{{ }}`, only rendered templates are not. */
export class SiteRenderer {
  private readonly handlebars = Handlebars.create();
  private readonly templates = new Map<string, Handlebars.TemplateDelegate>();

  constructor(viewsDir = siteAsset('views')) {
    this.registerHelpers();
    for (const file of readdirSync(join(viewsDir, 'partials'))) {
      const source = readFileSync(join(viewsDir, 'partials', file), 'utf8');
      this.handlebars.registerPartial(basename(file, '.hbs'), source);
      this.templates.set(`partial:${basename(file, '.hbs')}`, this.handlebars.compile(source));
    }
    for (const file of readdirSync(join(viewsDir, 'pages')))
      this.templates.set(
        basename(file, '.hbs'),
        this.handlebars.compile(readFileSync(join(viewsDir, 'pages', file), 'utf8')),
      );
    this.templates.set('layout', this.handlebars.compile(readFileSync(join(viewsDir, 'layout.hbs'), 'utf8')));
  }

  page(template: string, frame: PageFrame, context: object): string {
    const body = this.template(template)({ ...context, csrf: frame.csrf, viewer: frame.viewer });
    return this.template('layout')({ ...frame, live: frame.live ?? null, body });
  }

  partial(name: string, context: object): string {
    return this.template(`partial:${name}`)(context);
  }

  private template(name: string): Handlebars.TemplateDelegate {
    const template = this.templates.get(name);
    if (!template) throw new Error(`No site template ${name}`);
    return template;
  }

  private registerHelpers(): void {
    const helpers: Record<string, Handlebars.HelperDelegate> = {
      eq: (a: unknown, b: unknown) => a === b,
      time: (shown: ShownTime | null) =>
        shown
          ? new Handlebars.SafeString(
              `<time datetime="${Handlebars.escapeExpression(shown.iso)}">${Handlebars.escapeExpression(shown.text)}</time>`,
            )
          : '',
      // HTML the site's own renderers made (sanitized Markdown, the insights section, which escapes its
      // text), never raw input.
      sanitized: (html: string) => new Handlebars.SafeString(html),
      join: (values: readonly string[]) => values.join(', '),
    };
    for (const [name, helper] of Object.entries(helpers)) this.handlebars.registerHelper(name, helper);
  }
}
