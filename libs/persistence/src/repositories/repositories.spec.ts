import {
  IncidentError,
  IncidentErrorCode,
  type ActionItem,
  type ChatWorkspace,
  type Component,
  type Incident,
  type NewStatusUpdate,
  type NewTimelineEntry,
} from '@firebreak/incident';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { DECLARED_AT, aTimelineEntry, anIncident } from '../testing/incident-fixtures.js';
import { IncidentRow, IncidentSpaceRow } from '../entities/incident.entity.js';
import { TemporarySqliteDatabase } from '../testing/temporary-sqlite-database.js';
import { TypeOrmActionItemRepository } from './typeorm-action-item.repository.js';
import { TypeOrmChatWorkspaceRepository } from './typeorm-chat-workspace.repository.js';
import { TypeOrmComponentRepository } from './typeorm-component.repository.js';
import { TypeOrmDeliveryLog } from './typeorm-delivery-log.js';
import { TypeOrmIdempotencyStore } from './typeorm-idempotency.store.js';
import { TypeOrmIncidentRepository } from './typeorm-incident.repository.js';
import { TypeOrmStatusUpdateRepository } from './typeorm-status-update.repository.js';
import { TypeOrmTimelineRepository } from './typeorm-timeline.repository.js';
import { TEST_DATABASE } from '../testing/test-postgres.js';

const later = (milliseconds: number): Date => new Date(DECLARED_AT.getTime() + milliseconds);

describe('TypeORM repositories on SQLite', () => {
  const database = new TemporarySqliteDatabase();
  let dataSource: DataSource;
  let manager: EntityManager;
  let nextIncidentNumber = 100;
  const storedIncident = async (): Promise<string> => {
    const incident = anIncident((nextIncidentNumber += 1));
    await new TypeOrmIncidentRepository(manager).save(incident, null);
    return incident.ref;
  };

  beforeAll(async () => {
    dataSource = await database.open();
    manager = dataSource.manager;
  });
  afterAll(() => database.remove());

  describe(TypeOrmIncidentRepository.name, () => {
    it('round-trips an incident with its roles, components, dates (its start too) to the millisecond and spaces', async () => {
      const incidents = new TypeOrmIncidentRepository(manager);
      const incident = anIncident(1, {
        summary: 'Payments time out',
        startedAt: later(-754_321),
        resolvedAt: later(3_600_001),
        closedAt: later(7_200_002),
        status: 'closed',
        spaces: [
          {
            platform: 'discord',
            channelId: 'guild-1/inc-1',
            headlineMessageId: 'm-1',
            announcementMessageId: null,
            url: 'https://discord.com/channels/1/2',
          },
          {
            platform: 'teams',
            channelId: '19:abc@thread.tacv2',
            headlineMessageId: null,
            announcementMessageId: 'a-9',
            url: null,
          },
        ],
      });
      await incidents.save(incident, null);

      expect(await incidents.findByRef('INC-1')).toEqual(incident);
      expect((await incidents.findByRef('INC-1'))?.resolvedAt?.getTime()).toBe(later(3_600_001).getTime());
    });

    it('round-trips its pages and its call with their dates, and leaves both out when there are none', async () => {
      const incidents = new TypeOrmIncidentRepository(manager);
      const zoe = { id: 'discord:7', displayName: 'Zoë Ångström 🔥' };
      const engaged = anIncident(40, {
        pages: [
          {
            pager: 'pagerduty',
            service: 'Payments API',
            pagedAt: later(60_001),
            pagedBy: zoe,
            acknowledgedAt: later(120_002),
            acknowledgedBy: 'Łukasz',
            resolvedAt: null,
          },
        ],
        call: {
          provider: 'discord',
          url: 'https://discord.com/channels/1/9',
          requestedAt: later(5),
          requestedBy: zoe,
          endedAt: later(7),
        },
      });
      await incidents.save(engaged, null);
      expect(await incidents.findByRef(engaged.ref)).toEqual(engaged);
      const plain = anIncident(41);
      await incidents.save(plain, null);
      const stored = await incidents.findByRef(plain.ref);
      expect(stored).toEqual(plain);
      expect(stored).not.toHaveProperty('pages');
      expect(stored).not.toHaveProperty('call');
      // Other cases count the incidents listed: these two leave no trace.
      await manager.delete(IncidentRow, { ref: In([engaged.ref, plain.ref]) });
    });

    it("round-trips what customers see, a private incident's invitees and a recorded one's mark", async () => {
      const incidents = new TypeOrmIncidentRepository(manager);
      const incident = anIncident(50, {
        publicTitle: 'Paiements lents à Zürich 💳',
        publicImpact: 'minor',
        retrospective: true,
        private: true,
        invitees: [
          { id: 'discord:1', displayName: 'Ada' },
          { id: 'teams:29:noemi', displayName: 'Noémi Łukasik' },
        ],
      });
      await incidents.save(incident, null);
      expect(await incidents.findByRef('INC-50')).toEqual(incident);
      // The listing specs below count the incidents stored so far.
      await manager.delete(IncidentRow, { ref: 'INC-50' });
    });

    it('finds an incident by one of its spaces', async () => {
      const incidents = new TypeOrmIncidentRepository(manager);
      const found = await incidents.findBySpace('teams', '19:abc@thread.tacv2');
      expect(found?.ref).toBe('INC-1');
      expect(found?.spaces).toHaveLength(2);
      expect(await incidents.findBySpace('discord', '19:abc@thread.tacv2')).toBeNull();
    });

    it('answers null for an incident that does not exist', async () => {
      expect(await new TypeOrmIncidentRepository(manager).findByRef('INC-404')).toBeNull();
    });

    it('updates when the expected version matches, replacing the spaces', async () => {
      const incidents = new TypeOrmIncidentRepository(manager);
      await incidents.save(anIncident(2), null);
      const changed = anIncident(2, {
        severity: 'critical',
        version: 2,
        roles: {},
        componentIds: [],
        spaces: [
          {
            platform: 'discord',
            channelId: 'guild-1/inc-2',
            headlineMessageId: null,
            announcementMessageId: null,
            url: null,
          },
        ],
      });
      await incidents.save(changed, 1);
      expect(await incidents.findByRef('INC-2')).toEqual(changed);
    });

    it('writes only the spaces that changed: a save leaves the others in their rows', async () => {
      const incidents = new TypeOrmIncidentRepository(manager);
      // Monitoring, so the listing specs below (investigating, closed) do not see it.
      const incident60 = (overrides: Partial<Incident>) =>
        anIncident(60, { status: 'monitoring', ...overrides });
      const discord = {
        platform: 'discord' as const,
        channelId: 'guild-1/inc-60-paiements-refusés',
        headlineMessageId: 'm-60',
        announcementMessageId: 'a-60',
        url: 'https://discord.com/channels/1/60',
      };
      const teams = {
        platform: 'teams' as const,
        channelId: '19:inc60@thread.tacv2',
        headlineMessageId: null,
        announcementMessageId: null,
        url: null,
      };
      const rows = async () =>
        (
          await manager.find(IncidentSpaceRow, { where: { incidentRef: 'INC-60' }, order: { id: 'ASC' } })
        ).map((row) => [row.id, row.channelId, row.headlineMessageId]);
      await incidents.save(incident60({ spaces: [discord, teams] }), null);
      const [[discordRow], [teamsRow]] = (await rows()) as [number, string, string | null][];

      await incidents.save(incident60({ title: 'Renamed', version: 2, spaces: [discord, teams] }), 1);
      const headline = { ...teams, headlineMessageId: '1701234567890' };
      await incidents.save(incident60({ version: 3, spaces: [discord, headline] }), 2);
      expect(await rows()).toEqual([
        [discordRow, discord.channelId, 'm-60'],
        [teamsRow, teams.channelId, '1701234567890'],
      ]);

      await incidents.save(incident60({ version: 4, spaces: [headline] }), 3);
      expect(await rows()).toEqual([[teamsRow, teams.channelId, '1701234567890']]);
      expect((await incidents.findByRef('INC-60'))?.spaces).toEqual([headline]);
    });

    it('refuses a save with a stale version and changes nothing', async () => {
      const incidents = new TypeOrmIncidentRepository(manager);
      await incidents.save(anIncident(3), null);
      const current = anIncident(3, { title: 'Renamed', version: 2 });
      await incidents.save(current, 1);

      const stale = incidents.save(anIncident(3, { title: 'Lost update', version: 2, spaces: [] }), 1);
      await expect(stale).rejects.toBeInstanceOf(IncidentError);
      await expect(stale).rejects.toMatchObject({
        code: IncidentErrorCode.Conflict,
        message: 'INC-3 was changed by someone else; try again.',
      });
      expect(await incidents.findByRef('INC-3')).toEqual(current);
    });

    it('refuses to insert an incident twice', async () => {
      const incidents = new TypeOrmIncidentRepository(manager);
      await expect(incidents.save(anIncident(3), null)).rejects.toMatchObject({
        code: IncidentErrorCode.Conflict,
      });
    });

    it('numbers the next incident after the highest one', async () => {
      const incidents = new TypeOrmIncidentRepository(manager);
      const highest = Math.max(...(await incidents.list()).map((incident) => incident.number));
      expect(await incidents.nextNumber()).toBe(highest + 1);
    });

    it('lists newest first, filtered by status, a page at a time', async () => {
      const incidents = new TypeOrmIncidentRepository(manager);
      await incidents.save(anIncident(4, { status: 'resolved' }), null);
      await incidents.save(anIncident(5), null);

      const all = await incidents.list();
      expect(all.map((incident) => incident.number)).toEqual(
        [...all.map((incident) => incident.number)].sort((a, b) => b - a),
      );
      const active = await incidents.list({ statuses: ['investigating'], limit: 2, offset: 1 });
      expect(active.map((incident) => incident.ref)).toEqual(['INC-3', 'INC-2']);
      expect(await incidents.list({ statuses: [] })).toEqual([]);
      expect((await incidents.list({ statuses: ['closed'] }))[0]?.spaces).toHaveLength(2);
    });
  });

  describe(TypeOrmTimelineRepository.name, () => {
    it('round-trips entries with authors, pinned messages and data, oldest first', async () => {
      const ref = await storedIncident();
      const timeline = new TypeOrmTimelineRepository(manager);
      const pinned: NewTimelineEntry = {
        ...aTimelineEntry(ref, 'Pinned a message', later(5)),
        kind: 'message_pinned',
        message: {
          platform: 'discord',
          messageId: '998877',
          link: 'https://discord.com/channels/1/2/998877',
          author: { id: 'discord:7', displayName: 'Linus' },
          text: 'rollback done',
          postedAt: later(4),
        },
        data: { severity: 'critical', nested: { list: [1, 2] } },
      };
      const system: NewTimelineEntry = { ...aTimelineEntry(ref, 'Status changed', later(6)), author: null };

      const written = await timeline.append([pinned, system]);
      expect(written.map((entry) => entry.id)).toEqual([written[0]!.id, written[0]!.id + 1]);
      expect(await timeline.listFor(ref)).toEqual(written);
      expect(await timeline.listFor(ref, { after: written[0]!.id })).toEqual([written[1]]);
      expect(await timeline.listFor(ref, { limit: 1 })).toEqual([written[0]]);
      expect(await timeline.countFor(ref)).toBe(2);
    });

    it('lists 10,000 entries in one quick query', async () => {
      const ref = await storedIncident();
      const timeline = new TypeOrmTimelineRepository(manager);
      const entries = Array.from({ length: 10_000 }, (_, index) =>
        aTimelineEntry(ref, `entry ${index}`, later(index)),
      );
      await dataSource.transaction((transaction) =>
        new TypeOrmTimelineRepository(transaction).append(entries),
      );

      const started = performance.now();
      const listed = await timeline.listFor(ref);
      const elapsed = performance.now() - started;

      expect(listed).toHaveLength(10_000);
      expect(listed[9_999]?.text).toBe('entry 9999');
      expect(elapsed).toBeLessThan(1_000);
    });

    // EXPLAIN QUERY PLAN is SQLite's; postgres.spec.ts covers PostgreSQL.
    it.skipIf(TEST_DATABASE === 'postgres')(
      'reads an incident timeline through the (incident_ref, id) index, without sorting',
      async () => {
        const plan = await dataSource.query<{ detail: string }[]>(
          'EXPLAIN QUERY PLAN SELECT * FROM timeline_entry WHERE incident_ref = ? AND id > ? ORDER BY id',
          ['INC-1', 0],
        );
        const steps = plan.map((step) => step.detail).join('\n');
        expect(steps).toContain('IDX_timeline_entry_incident_id');
        expect(steps).not.toContain('TEMP B-TREE');
      },
    );
  });

  describe(TypeOrmActionItemRepository.name, () => {
    it('round-trips actions and follow-ups and saves their completion', async () => {
      const ref = await storedIncident();
      const actions = new TypeOrmActionItemRepository(manager);
      const followup = await actions.add({
        incidentRef: ref,
        kind: 'followup',
        text: 'Add a circuit breaker',
        owner: { id: 'discord:9', displayName: 'Barbara' },
        dueAt: later(86_400_123),
        state: 'open',
        createdBy: { id: 'discord:1', displayName: 'Ada' },
        createdAt: later(10),
        doneAt: null,
      });
      const action = await actions.add({
        ...followup,
        kind: 'action',
        text: 'Restart pods',
        owner: null,
        dueAt: null,
      });

      expect(await actions.findById(followup.id)).toEqual(followup);
      expect(await actions.listFor(ref)).toEqual([followup, action]);
      expect(await actions.listOpenFollowups()).toContainEqual(followup);

      const done: ActionItem = { ...followup, state: 'done', doneAt: later(20) };
      await actions.save(done);
      expect(await actions.findById(followup.id)).toEqual(done);
      expect(await actions.listOpenFollowups()).not.toContainEqual(
        expect.objectContaining({ id: followup.id }),
      );
      expect(await actions.findById(999_999)).toBeNull();
    });
  });

  describe(TypeOrmComponentRepository.name, () => {
    const api: Component = {
      id: 'public-api',
      name: 'Public API',
      group: 'Platform',
      description: null,
      status: 'operational',
      position: 2,
      createdAt: later(1),
      updatedAt: later(2),
    };
    const web: Component = {
      ...api,
      id: 'website',
      name: 'Website',
      group: null,
      description: 'Marketing site',
      position: 1,
    };

    it('round-trips components in position order and finds them by name regardless of case', async () => {
      const components = new TypeOrmComponentRepository(manager);
      await components.create(api);
      await components.create(web);

      expect(await components.list()).toEqual([web, api]);
      expect(await components.findById('public-api')).toEqual(api);
      expect(await components.findByName('PUBLIC api')).toEqual(api);
      expect(await components.findByName('nope')).toBeNull();
    });

    it('keeps names unique regardless of case', async () => {
      const components = new TypeOrmComponentRepository(manager);
      await expect(components.create({ ...api, id: 'public-api-2', name: 'public API' })).rejects.toThrow();
    });

    it('saves status changes and lists the history since a moment, oldest first', async () => {
      const components = new TypeOrmComponentRepository(manager);
      const degraded: Component = { ...api, status: 'partial_outage', updatedAt: later(30) };
      await components.save(degraded);
      expect(await components.findById('public-api')).toEqual(degraded);

      const ref = await storedIncident();
      await components.recordChange({
        componentId: 'public-api',
        oldStatus: 'operational',
        newStatus: 'partial_outage',
        incidentRef: ref,
        at: later(30),
      });
      await components.recordChange({
        componentId: 'public-api',
        oldStatus: 'partial_outage',
        newStatus: 'operational',
        incidentRef: null,
        at: later(31),
      });

      const since = await components.changesSince(later(31));
      expect(since).toEqual([
        {
          componentId: 'public-api',
          oldStatus: 'partial_outage',
          newStatus: 'operational',
          incidentRef: null,
          at: later(31),
        },
      ]);
      expect(await components.changesSince(later(30))).toHaveLength(2);
    });
  });

  describe(TypeOrmStatusUpdateRepository.name, () => {
    it('round-trips public updates with affected components, newest first', async () => {
      const ref = await storedIncident();
      const updates = new TypeOrmStatusUpdateRepository(manager);
      const first: NewStatusUpdate = {
        incidentRef: ref,
        body: 'We are investigating.',
        status: 'investigating',
        affectedComponents: [
          {
            componentId: 'public-api',
            name: 'Public API',
            oldStatus: 'operational',
            newStatus: 'major_outage',
          },
        ],
        author: { id: 'teams:29:abc', displayName: 'Grace' },
        publishedAt: later(100),
      };
      const a = await updates.add(first);
      const b = await updates.add({
        ...first,
        body: 'Fixed.',
        status: 'resolved',
        affectedComponents: [],
        publishedAt: later(200),
      });

      expect(await updates.listFor(ref)).toEqual([b, a]);
    });

    it('reads the updates of many incidents in one call, and lists only incidents that have one', async () => {
      const internalOnly = await storedIncident();
      const refs = [await storedIncident(), await storedIncident()];
      const updates = new TypeOrmStatusUpdateRepository(manager);
      const added = [];
      for (const [index, ref] of [refs[0]!, refs[1]!, refs[0]!].entries())
        added.push(
          await updates.add({
            incidentRef: ref,
            body: `Update ${index}`,
            status: 'investigating',
            affectedComponents: [],
            author: { id: 'discord:1', displayName: 'Ada' },
            publishedAt: later(300 + index),
          }),
        );
      expect(await updates.listForIncidents(refs)).toEqual([...added].reverse());
      expect(await updates.listForIncidents([internalOnly])).toEqual([]);
      expect(await updates.listForIncidents([])).toEqual([]);

      const incidents = new TypeOrmIncidentRepository(manager);
      const published = (await incidents.list({ published: true })).map((incident) => incident.ref);
      expect(published).toEqual(expect.arrayContaining(refs));
      expect(published).not.toContain(internalOnly);
      const newest = await incidents.list({ published: true, limit: 1 });
      expect(newest.map((incident) => incident.ref)).toEqual([refs[1]]);
    });
  });

  describe(TypeOrmIdempotencyStore.name, () => {
    it('remembers a result by key and answers null for a new key', async () => {
      const store = new TypeOrmIdempotencyStore(manager);
      const result = { message: { text: 'Declared INC-1.' }, incidentRef: 'INC-1' };
      await store.remember('discord:interaction:1', result, later(1));

      expect(await store.find('discord:interaction:1')).toEqual({ result, requestHash: null });
      expect(await store.find('discord:interaction:2')).toBeNull();
    });
  });

  describe(TypeOrmChatWorkspaceRepository.name, () => {
    it('saves a workspace, replaces it on the next save, and lists by platform', async () => {
      const workspaces = new TypeOrmChatWorkspaceRepository(manager);
      const guild: ChatWorkspace = {
        platform: 'discord',
        workspaceId: 'guild-1',
        incidentsChannelId: 'guild-1/incidents',
        settings: { adminRoleId: '42' },
        updatedAt: later(1),
      };
      await workspaces.save(guild);
      const moved = {
        ...guild,
        settings: { adminRoleId: '43', incidentCategoryId: 'cat-9', tags: ['a'] },
        updatedAt: later(2),
      };
      await workspaces.save(moved);
      await workspaces.save({ ...guild, platform: 'teams', workspaceId: 'team-1' });

      expect(await workspaces.find('discord', 'guild-1')).toEqual(moved);
      expect(await workspaces.list('discord')).toEqual([moved]);
      expect(await workspaces.find('discord', 'guild-2')).toBeNull();
    });
  });

  describe(TypeOrmDeliveryLog.name, () => {
    it('records what was delivered and replaces a record with the same key', async () => {
      const log = new TypeOrmDeliveryLog(manager);
      await log.record({
        key: 'discord:headline:INC-1',
        platformMessageId: 'm-1',
        channelId: 'c-1',
        at: later(1),
      });
      await log.record({
        key: 'discord:headline:INC-1',
        platformMessageId: 'm-2',
        channelId: 'c-1',
        at: later(2),
      });

      expect(await log.find('discord:headline:INC-1')).toEqual({
        key: 'discord:headline:INC-1',
        platformMessageId: 'm-2',
        channelId: 'c-1',
        at: later(2),
      });
      expect(await log.find('discord:event:1')).toBeNull();
    });
  });
});
