import { beforeEach, describe, expect, it } from 'vitest';
import { IncidentErrorCode } from '../errors.js';
import type { Participant } from '../model/participant.js';
import type { PinnedMessage } from '../model/timeline-entry.js';
import { FixedClock } from '../testing/fixed-clock.js';
import { InMemoryUnitOfWork } from '../testing/in-memory-unit-of-work.js';
import type { CommandContext } from '../commands/command-context.js';
import { IncidentService } from '../commands/incident-service.js';
import { ReviewService } from './review-service.js';
import { CommandSettings } from '../commands/command-settings.js';
import { PublicLinks } from '../model/public-links.js';

const dana: Participant = { id: 'discord:100', displayName: 'Dana' };
const eli: Participant = { id: 'teams:29:eli', displayName: 'Eli' };
const fay: Participant = { id: 'discord:300', displayName: 'Fay' };
const settings = new CommandSettings(new PublicLinks('https://status.example.com/'));
const BLOG_POST = 'https://status.example.com/blog/inc-1-checkout-database-refuses-connections';

describe('post-incident review', () => {
  let unitOfWork: InMemoryUnitOfWork;
  let clock: FixedClock;
  let incidents: IncidentService;
  let reviews: ReviewService;
  const on = (
    platform: 'discord' | 'teams',
    actor: Participant,
    extra: Partial<CommandContext> = {},
  ): CommandContext => ({
    actor,
    location: { platform, channelId: platform === 'discord' ? 'inc-1-db' : '19:thread;messageid=1' },
    ...extra,
  });
  const minutes = (n: number) => clock.advance(n * 60_000);
  const pin = (
    platform: 'discord' | 'teams',
    author: Participant,
    text: string,
    id: string,
  ): PinnedMessage => ({
    platform,
    messageId: id,
    link: platform === 'discord' ? `https://discord.com/channels/1/2/${id}` : null,
    author,
    text,
    postedAt: clock.now(),
  });

  /** A realistic response: two platforms, role changes, pins, actions, public updates, follow-ups. */
  async function runRealisticIncident(): Promise<void> {
    await incidents.run('declare Checkout database refuses connections', on('discord', dana));
    await incidents.run('public-title INC-1 --confirm', on('discord', dana));
    await incidents.attachSpace('INC-1', {
      platform: 'discord',
      channelId: 'inc-1-db',
      headlineMessageId: null,
      announcementMessageId: null,
      url: null,
    });
    await incidents.attachSpace('INC-1', {
      platform: 'teams',
      channelId: '19:thread;messageid=1',
      headlineMessageId: null,
      announcementMessageId: null,
      url: null,
    });
    await incidents.createComponent({ name: 'Checkout' });
    minutes(2);
    await incidents.run('lead', on('discord', dana));
    await incidents.run('scribe', on('teams', eli));
    await incidents.run('comms', on('discord', fay));
    await incidents.run('sev critical', on('discord', dana));
    await incidents.run(
      'summary Primary PostgreSQL rejects new connections; checkout fails.',
      on('discord', dana),
    );
    await incidents.run('impact All customers cannot pay for about 40 minutes.', on('discord', dana));
    await incidents.run('component Checkout major_outage', on('discord', fay));
    await incidents.run('update We are investigating failed payments.', on('discord', fay));
    for (let n = 1; n <= 12; n += 1) {
      minutes(2);
      const platform = n % 2 ? 'discord' : 'teams';
      const author = n % 2 ? dana : eli;
      await incidents.execute(
        {
          kind: 'pin',
          ref: null,
          message: pin(platform, author, `Observation ${n}: connections at ${90 + n}%`, `m${n}`),
        },
        on(platform, eli),
      );
      await incidents.run(`action Checked replica ${n}`, on(platform, author));
    }
    await incidents.run('status identified', on('discord', dana));
    await incidents.run("note max_connections was lowered in yesterday's config change", on('teams', eli));
    minutes(5);
    await incidents.run('status monitoring', on('discord', dana));
    await incidents.run('update A fix has been applied; we are monitoring.', on('discord', fay));
    await incidents.run('component Checkout operational', on('discord', fay));
    await incidents.run(
      `followup Alert on connection saturation <@${eli.id}> due 2026-04-01`,
      on('discord', dana, { mentioned: { [eli.id]: 'Eli' } }),
    );
    await incidents.run('followup Review config change approvals', on('teams', eli));
    minutes(10);
    await incidents.run('resolve', on('discord', dana));
  }

  beforeEach(() => {
    unitOfWork = new InMemoryUnitOfWork();
    clock = new FixedClock(new Date('2026-03-01T10:00:00.000Z'));
    incidents = new IncidentService(unitOfWork, clock, settings);
    reviews = new ReviewService(unitOfWork, clock, settings);
  });

  it('is drafted on resolve with every section in order', async () => {
    await runRealisticIncident();
    const review = await reviews.get('INC-1', on('discord', dana));
    expect(review).toMatchObject({ revision: 1, state: 'draft' });
    const headings = review.markdown.split('\n').filter((line) => line.startsWith('#'));
    expect(headings).toEqual([
      '# INC-1: Checkout database refuses connections — post-incident review',
      '## Summary',
      '## Impact',
      '## Timeline',
      '## Root cause analysis',
      '### What happened',
      '### Why it happened',
      '### Contributing factors',
      '### What went well',
      '### What went badly',
      '## Actions',
    ]);
    expect(review.markdown).toContain('| Duration | 41 min |');
    expect(review.markdown).toContain('📌 Eli on teams: “Observation 12: connections at 102%”');
    expect(review.markdown).toContain('[link](https://discord.com/channels/1/2/m11)');
    expect(review.markdown).toContain(
      '- [ ] #13 Alert on connection saturation — owner: Eli, due 2026-04-01',
    );
    await expect(review.markdown).toMatchFileSnapshot('./__snapshots__/realistic-review.md');
  });

  it('keeps the timeline in the order things happened', async () => {
    await runRealisticIncident();
    const { markdown } = await reviews.get('INC-1', on('discord', dana));
    const timeline = markdown.slice(
      markdown.indexOf('## Timeline'),
      markdown.indexOf('## Root cause analysis'),
    );
    const times = [...timeline.matchAll(/\*\*(\d{4}-\d{2}-\d{2} \d{2}:\d{2}) UTC\*\*/g)].map(
      (match) => match[1]!,
    );
    expect(times.length).toBeGreaterThan(30);
    expect([...times].sort()).toEqual(times);
  });

  it('lets the lead fill sections from chat, keeping every revision', async () => {
    await runRealisticIncident();
    await incidents.run(
      'review rca A config change lowered max_connections below the pool size.',
      on('discord', dana),
    );
    await incidents.run('review well Pins from both platforms made the timeline easy.', on('teams', eli));
    const review = await reviews.get('INC-1', on('discord', dana));
    expect(review.revision).toBe(3);
    expect(review.markdown).toMatch(
      /### Why it happened\n\nA config change lowered max_connections below the pool size.\n\n### Contributing factors/,
    );
    const history = await reviews.revisions('INC-1');
    expect(history.map((revision) => revision.note)).toEqual([
      'Drafted from the incident record',
      'Edited "Why it happened"',
      'Edited "What went well"',
    ]);
  });

  it('redrafts Timeline and Actions from the record on refresh, keeping the sections people wrote', async () => {
    await runRealisticIncident();
    await incidents.run('review rca A config change lowered max_connections.', on('discord', dana));
    minutes(5);
    await incidents.run('followup Alert on connection pool saturation', on('teams', eli));
    await incidents.run('action Rolled the config back in every region', on('discord', dana));
    const before = await reviews.get('INC-1', on('discord', dana));
    expect(before.markdown).not.toContain('Alert on connection pool saturation');
    expect(before.markdown).not.toContain('Rolled the config back in every region');

    const refreshed = await incidents.run('review refresh', on('teams', eli));
    expect(refreshed.message.text).toBe(
      'Timeline and Actions of the INC-1 review redrafted from the record (revision 3; revision 2 keeps the previous text).',
    );
    const after = await reviews.get('INC-1', on('discord', dana));
    expect(after.revision).toBe(3);
    const actions = after.markdown.slice(after.markdown.indexOf('## Actions'));
    expect(actions).toContain('Alert on connection pool saturation');
    const timeline = after.markdown.slice(
      after.markdown.indexOf('## Timeline'),
      after.markdown.indexOf('## Root'),
    );
    expect(timeline).toContain('Rolled the config back in every region');
    expect(after.markdown).toContain('### Why it happened\n\nA config change lowered max_connections.\n');
    expect(after.markdown.split('\n').filter((line) => line.startsWith('#'))).toEqual(
      before.markdown.split('\n').filter((line) => line.startsWith('#')),
    );
    expect((await reviews.revisions('INC-1')).at(-1)?.note).toBe(
      'Timeline and Actions redrafted from the record',
    );

    const again = await incidents.run('review refresh', on('discord', dana));
    expect(again.message.text).toBe('The INC-1 review already has the whole record.');
    expect((await reviews.get('INC-1', on('discord', dana))).revision).toBe(3);
  });

  it('refuses to refresh a review that is done, or for someone who is neither lead nor scribe', async () => {
    await runRealisticIncident();
    const outsider = await incidents
      .run('review refresh', on('discord', fay))
      .catch((caught: unknown) => caught);
    expect(outsider).toMatchObject({ code: IncidentErrorCode.NotPermitted });
    await incidents.run('review done', on('discord', dana));
    const done = await incidents
      .run('review refresh', on('discord', dana))
      .catch((caught: unknown) => caught);
    expect(done).toMatchObject({ code: IncidentErrorCode.IllegalTransition });
    expect((done as Error).message).toContain('review is done');
  });

  it('refuses a stale edit instead of overwriting it', async () => {
    await runRealisticIncident();
    const first = await reviews.replace('INC-1', '# Rewritten by Dana', 1, on('discord', dana));
    expect(first.revision).toBe(2);
    const stale = reviews.replace('INC-1', '# Rewritten by Eli', 1, on('teams', eli));
    await expect(stale).rejects.toMatchObject({ code: IncidentErrorCode.Conflict, field: 'revision' });
    expect((await reviews.get('INC-1', on('discord', dana))).markdown).toBe('# Rewritten by Dana');
  });

  it('refuses edits from someone who is neither lead nor scribe', async () => {
    await runRealisticIncident();
    const error = await incidents
      .run('review rca guess', on('discord', fay))
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: IncidentErrorCode.NotPermitted });
  });

  it('keeps the incident resolved while follow-ups are open, and closes with an override reason', async () => {
    await runRealisticIncident();
    await incidents.run('review done', on('discord', dana));
    const refused = await incidents.run('close', on('discord', dana)).catch((caught: unknown) => caught);
    expect(refused).toMatchObject({ code: IncidentErrorCode.IllegalTransition });
    expect((refused as Error).message).toBe(
      'INC-1 stays resolved: 2 follow-ups are still open (#13, #14). To close anyway: `close --override <reason>`.',
    );
    const closed = await incidents.run(
      'close --override Follow-ups tracked in the platform backlog',
      on('discord', dana),
    );
    expect(closed.incident?.status).toBe('closed');
    const last = (await incidents.timeline('INC-1')).at(-1)!;
    expect(last).toMatchObject({
      kind: 'closed',
      data: { override: 'Follow-ups tracked in the platform backlog' },
    });
  });

  it('closes without an override once the review is done and the follow-ups are closed', async () => {
    await runRealisticIncident();
    await incidents.run('done 13', on('discord', dana));
    await incidents.run('done 14', on('discord', dana));
    const draft = await incidents.run('close', on('discord', dana)).catch((caught: unknown) => caught);
    expect((draft as Error).message).toContain('its post-incident review is still a draft');
    const done = await incidents.run('review done', on('discord', dana));
    expect(done.message.text).toBe('The INC-1 review is done. It can now be closed with `close`.');
    expect((await incidents.run('close', on('discord', dana))).incident?.status).toBe('closed');
  });

  it('schedules the review meeting and names the participants', async () => {
    await runRealisticIncident();
    const result = await incidents.run('review schedule 2026-03-03 15:00', on('discord', dana));
    expect(result.message.text).toContain('2026-03-03 15:00 UTC');
    const event = unitOfWork.events.find((each) => each.type === 'review.meeting_scheduled');
    const ids = (event?.payload.participants as Participant[]).map((person) => person.id).sort();
    expect(ids).toEqual([dana.id, fay.id, eli.id].sort());
    const past = await incidents
      .run('review schedule 2026-02-01 10:00', on('discord', dana))
      .catch((caught: unknown) => caught);
    expect(past).toMatchObject({ code: IncidentErrorCode.InvalidArgument, field: 'time' });
  });

  it('schedules the review meeting in a named zone, at a time of day or after a delay, like `update --at`', async () => {
    await runRealisticIncident();
    const meetingAt = async (time: string) => {
      await incidents.run(`review schedule ${time}`, on('discord', dana));
      return (await reviews.get('INC-1', on('discord', dana))).meetingAt?.toISOString();
    };
    // London is on BST (UTC+1) from 29 March 2026.
    expect(await meetingAt('2026-04-02 15:00 Europe/London')).toBe('2026-04-02T14:00:00.000Z');
    expect(await meetingAt('2026-04-02T15:00+02:00')).toBe('2026-04-02T13:00:00.000Z');
    const now = clock.now().getTime();
    expect(await meetingAt('in 2d')).toBe(new Date(now + 2 * 86_400_000).toISOString());
    const refusal = await incidents
      .run('review schedule next tuesday', on('discord', dana))
      .catch((caught: unknown) => caught);
    expect(refusal).toMatchObject({
      field: 'time',
      message: expect.stringContaining('`14:30 Europe/London`'),
    });
  });

  it('has no review while the incident is still active', async () => {
    await incidents.run('declare Still burning', on('discord', dana));
    await expect(reviews.get('INC-1', on('discord', dana))).rejects.toMatchObject({
      code: IncidentErrorCode.NotFound,
    });
  });

  it('lists open follow-ups across incidents and marks overdue ones', async () => {
    await runRealisticIncident();
    await incidents.run('declare Second incident', on('teams', eli));
    await incidents.run('followup INC-2 Document the runbook due 2026-03-02', on('teams', eli));
    clock.set(new Date('2026-03-10T00:00:00.000Z'));
    const result = await incidents.run('followups', on('teams', eli));
    expect(result.message.text.split('\n')).toEqual([
      'INC-1: ⬜ #13 Alert on connection saturation — <@teams:29:eli> (due 2026-04-01)',
      'INC-1: ⬜ #14 Review config change approvals',
      'INC-2: ⬜ #15 Document the runbook (due 2026-03-02) ⚠️ overdue',
    ]);
  });

  describe('publishing', () => {
    it('previews a public write-up without names or pinned chat text, then publishes it', async () => {
      await runRealisticIncident();
      await incidents.run(
        'review rca A config change lowered max_connections below the pool size.',
        on('discord', dana),
      );
      const preview = await incidents.run('publish', on('discord', dana));
      expect(preview.message).toMatchObject({
        visibility: 'private',
        buttons: [{ label: 'Publish', intent: { kind: 'publish_write_up' } }],
      });
      expect(preview.message.title).toContain(`(${BLOG_POST})`);
      const markdown = preview.message.text;
      expect(markdown).toContain('A config change lowered max_connections below the pool size.');
      expect(markdown).toContain('- Alert on connection saturation');
      expect(markdown).toContain('We are investigating failed payments.');
      for (const internal of [
        'Observation',
        'Dana',
        'Eli',
        'Fay',
        'max_connections was lowered in yesterday',
      ]) {
        expect(markdown).not.toContain(internal);
      }
      expect(unitOfWork.events.some((event) => event.type === 'write_up.published')).toBe(false);

      const published = await incidents.run('publish confirm', on('discord', dana));
      expect(published.message.text).toBe(`Published: ${BLOG_POST}`);
      const event = unitOfWork.events.find((each) => each.type === 'write_up.published');
      if (event?.type !== 'write_up.published' || !('announce' in event.payload))
        throw new Error('the write-up was not announced');
      expect(event.payload).toMatchObject({
        slug: 'inc-1-checkout-database-refuses-connections',
        title: 'Checkout database refuses connections',
        announce: true,
        incident: { ref: 'INC-1', status: 'resolved' },
        latestUpdate: { body: 'A fix has been applied; we are monitoring.' },
      });
      expect(event.payload.markdown).not.toContain('Observation');
    });

    it('lets only the lead publish, and logs unpublishing', async () => {
      await runRealisticIncident();
      const refused = await incidents
        .run('publish confirm', on('teams', eli))
        .catch((caught: unknown) => caught);
      expect(refused).toMatchObject({ code: IncidentErrorCode.NotPermitted });
      await incidents.run('publish confirm', on('discord', dana));
      await incidents.run('unpublish', on('discord', dana));
      expect(unitOfWork.events.map((each) => each.type)).toContain('write_up.unpublished');
      expect((await incidents.timeline('INC-1')).at(-1)?.text).toBe(`Write-up ${BLOG_POST} unpublished`);
    });

    it('links the blog and the incident page in full in every answer, never by a bare path', async () => {
      await runRealisticIncident();
      const said = [];
      for (const line of ['publish', 'publish confirm', 'publish confirm', 'unpublish'])
        said.push((await incidents.run(line, on('discord', dana))).message);
      // Outside the incident's channel, so the answer carries the update and its link.
      said.push((await incidents.run('update INC-1 The fix holds.', { actor: fay, location: null })).message);
      const written = said.flatMap((each) => [
        each.title ?? '',
        each.text,
        ...each.fields.map((f) => f.value),
      ]);
      const links = written.join('\n').match(/https:\/\/status\.example\.com\/(?:blog|incidents)\/[\w-]+/g);
      expect(new Set(links)).toEqual(new Set([BLOG_POST, 'https://status.example.com/incidents/INC-1']));
      for (const text of written) expect(text).not.toMatch(/(?:^|[\s(:])\/(?:blog|incidents)\//);
    });

    it('refuses to publish while the incident is active', async () => {
      await incidents.run('declare Ongoing', on('discord', dana));
      await incidents.run('lead INC-1', on('discord', dana));
      const refused = await incidents
        .run('publish INC-1', on('discord', dana))
        .catch((caught: unknown) => caught);
      expect(refused).toMatchObject({ code: IncidentErrorCode.IllegalTransition });
    });
  });
});
