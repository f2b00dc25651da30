import {
  IncidentError,
  IncidentErrorCode,
  type CommandSettings,
  type IncidentService,
  type Review,
  type ReviewService,
  type WriteUpService,
} from '@firebreak/incident';
import { markdownHtml } from './site-markdown.js';
import type { SiteRenderer } from './site-renderer.js';
import type { SignedInSession } from './site-sessions.js';
import { shownTime } from './time-zone.js';

/** What the editor shows besides the saved review: a preview asked for, or an edit refused as stale. */
export interface EditorState {
  /** The text in the editor (the person's own, after a preview or a refusal). */
  readonly markdown: string | null;
  readonly preview: boolean;
  /** The revision the person's text was based on, when a newer one was saved meanwhile. */
  readonly staleRevision: number | null;
  readonly notice: string | null;
}

/**
 * The post-incident review (Markdown editor, preview, revisions, stale edits refused) and the public write-up
 * (preview, publish, unpublish), through the domain's ReviewService and WriteUpService.
 */
export class SiteReviewPages {
  constructor(
    private readonly incidents: IncidentService,
    private readonly reviews: ReviewService,
    private readonly writeUps: WriteUpService,
    private readonly settings: CommandSettings,
    private readonly renderer: SiteRenderer,
  ) {}

  async page(
    session: SignedInSession,
    ref: string,
    zone: string,
    editor: EditorState | null = null,
  ): Promise<string> {
    const incident = this.settings.access.requireSee(
      session.viewer,
      await this.incidents.findIncident(ref),
      ref,
    );
    const context = this.settings.access.commandContext(session.viewer);
    const review = await this.reviewOrNull(incident.ref, context);
    const revisions = review ? await this.reviews.revisions(incident.ref) : [];
    const writeUp = review ? await this.writeUpOrNull(incident.ref, context) : null;
    const text = editor?.markdown ?? review?.markdown ?? '';
    const frame = {
      title: `Review of ${incident.ref}`,
      viewer: session.viewer,
      csrf: session.csrfToken,
      nav: 'incidents' as const,
    };
    return this.renderer.page('review', frame, {
      incident,
      review: review && {
        revision: review.revision,
        state: review.state,
        updatedBy: review.updatedBy.displayName,
        updatedAt: shownTime(review.updatedAt, zone),
        savedHtml: markdownHtml(review.markdown),
      },
      editor: {
        markdown: text,
        previewHtml: editor?.preview ? markdownHtml(text) : null,
        stale: editor?.staleRevision ?? null,
        notice: editor?.notice ?? null,
      },
      revisions: [...revisions].reverse().map((each) => ({
        revision: each.revision,
        author: each.author.displayName,
        at: shownTime(each.at, zone),
        note: each.note,
      })),
      writeUp: writeUp && {
        ...writeUp,
        html: markdownHtml(writeUp.markdown),
        published: writeUp.state === 'published',
        link: this.settings.links.writeUp(writeUp.slug),
      },
    });
  }

  /** Saves the whole document unless someone saved a newer revision since `basedOn`; then says so, keeping both. */
  async save(
    session: SignedInSession,
    ref: string,
    markdown: string,
    basedOn: number,
  ): Promise<EditorState | null> {
    const context = this.settings.access.commandContext(session.viewer);
    try {
      await this.reviews.replace(ref, markdown, basedOn, context);
      return null;
    } catch (error) {
      if (!(error instanceof IncidentError)) throw error;
      const stale = error.code === IncidentErrorCode.Conflict ? basedOn : null;
      return { markdown, preview: false, staleRevision: stale, notice: error.message };
    }
  }

  async setPublished(session: SignedInSession, ref: string, published: boolean): Promise<string | null> {
    try {
      await this.writeUps.setPublished(ref, published, this.settings.access.commandContext(session.viewer));
      return null;
    } catch (error) {
      if (error instanceof IncidentError) return error.message;
      throw error;
    }
  }

  private async reviewOrNull(
    ref: string,
    context: ReturnType<CommandSettings['access']['commandContext']>,
  ): Promise<Review | null> {
    try {
      return await this.reviews.get(ref, context);
    } catch (error) {
      if (error instanceof IncidentError && error.code === IncidentErrorCode.NotFound) return null;
      throw error;
    }
  }

  private async writeUpOrNull(ref: string, context: ReturnType<CommandSettings['access']['commandContext']>) {
    try {
      return await this.writeUps.preview(ref, context);
    } catch (error) {
      if (error instanceof IncidentError) return null;
      throw error;
    }
  }
}
