import type { Participant } from '../model/participant.js';
import {
  DEFAULT_UPDATE_TEMPLATES,
  ReminderStateRepository,
  ScheduledUpdateRepository,
  UpdateDraftRepository,
  UpdateTemplateRepository,
  type CommunicationsStores,
  type NewScheduledUpdate,
  type NewUpdateDraft,
  type ReminderKind,
  type ReminderState,
  type ScheduledUpdate,
  type UpdateDraft,
  type UpdateTemplates,
} from '../communications/communications.js';

/** What the in-memory backend keeps for the communications stores; `copy()` is its rollback snapshot. */
export class InMemoryCommunicationsState {
  scheduled: ScheduledUpdate[] = [];
  drafts: UpdateDraft[] = [];
  reminders = new Map<string, ReminderState>();
  templates: UpdateTemplates = DEFAULT_UPDATE_TEMPLATES;

  copy(): InMemoryCommunicationsState {
    const copy = new InMemoryCommunicationsState();
    copy.scheduled = [...this.scheduled];
    copy.drafts = [...this.drafts];
    copy.reminders = new Map(this.reminders);
    copy.templates = this.templates;
    return copy;
  }

  stores(): CommunicationsStores {
    return {
      scheduled: new MemoryScheduledUpdates(this),
      drafts: new MemoryDrafts(this),
      reminders: new MemoryReminders(this),
      templates: new MemoryTemplates(this),
    };
  }
}

class MemoryScheduledUpdates extends ScheduledUpdateRepository {
  constructor(private readonly state: InMemoryCommunicationsState) {
    super();
  }
  async add(update: NewScheduledUpdate): Promise<ScheduledUpdate> {
    const stored: ScheduledUpdate = {
      ...update,
      id: this.state.scheduled.length + 1,
      state: 'scheduled',
      settledAt: null,
      note: null,
    };
    this.state.scheduled.push(stored);
    return stored;
  }
  async findById(id: number): Promise<ScheduledUpdate | null> {
    return this.state.scheduled.find((each) => each.id === id) ?? null;
  }
  async listScheduled(incidentRef: string): Promise<ScheduledUpdate[]> {
    return this.state.scheduled
      .filter((each) => each.incidentRef === incidentRef && each.state === 'scheduled')
      .sort((a, b) => a.publishAt.getTime() - b.publishAt.getTime());
  }
  async listDue(now: Date, limit: number): Promise<ScheduledUpdate[]> {
    return this.state.scheduled
      .filter((each) => each.state === 'scheduled' && each.publishAt <= now)
      .sort((a, b) => a.publishAt.getTime() - b.publishAt.getTime())
      .slice(0, limit);
  }
  async settle(id: number, state: ScheduledUpdate['state'], at: Date, note?: string): Promise<boolean> {
    const stored = this.state.scheduled.find((each) => each.id === id);
    if (!stored || stored.state !== 'scheduled') return false;
    this.state.scheduled = this.state.scheduled.map((each) =>
      each.id === id ? { ...each, state, settledAt: at, note: note ?? null } : each,
    );
    return true;
  }
}

class MemoryDrafts extends UpdateDraftRepository {
  constructor(private readonly state: InMemoryCommunicationsState) {
    super();
  }
  async add(draft: NewUpdateDraft): Promise<UpdateDraft> {
    const stored: UpdateDraft = {
      ...draft,
      id: this.state.drafts.length + 1,
      state: 'proposed',
      approvedBy: null,
      approvedAt: null,
    };
    this.state.drafts.push(stored);
    return stored;
  }
  async findById(id: number): Promise<UpdateDraft | null> {
    return this.state.drafts.find((each) => each.id === id) ?? null;
  }
  async listProposed(incidentRef: string): Promise<UpdateDraft[]> {
    return this.state.drafts.filter((each) => each.incidentRef === incidentRef && each.state === 'proposed');
  }
  async approve(id: number, by: Participant, at: Date): Promise<boolean> {
    const stored = this.state.drafts.find((each) => each.id === id);
    if (!stored || stored.state !== 'proposed') return false;
    this.state.drafts = this.state.drafts.map((each) =>
      each.id === id ? { ...each, state: 'approved', approvedBy: by, approvedAt: at } : each,
    );
    return true;
  }
}

class MemoryReminders extends ReminderStateRepository {
  constructor(private readonly state: InMemoryCommunicationsState) {
    super();
  }
  async find(incidentRef: string): Promise<ReminderState> {
    return this.state.reminders.get(incidentRef) ?? { incidentRef, lastReminded: {}, snoozedUntil: null };
  }
  async claim(incidentRef: string, kind: ReminderKind, previous: Date | null, at: Date): Promise<boolean> {
    const current = await this.find(incidentRef);
    if ((current.lastReminded[kind]?.getTime() ?? null) !== (previous?.getTime() ?? null)) return false;
    this.state.reminders.set(incidentRef, {
      ...current,
      lastReminded: { ...current.lastReminded, [kind]: at },
    });
    return true;
  }
  async snooze(incidentRef: string, until: Date): Promise<void> {
    this.state.reminders.set(incidentRef, { ...(await this.find(incidentRef)), snoozedUntil: until });
  }
}

class MemoryTemplates extends UpdateTemplateRepository {
  constructor(private readonly state: InMemoryCommunicationsState) {
    super();
  }
  async find(name: string): Promise<string | null> {
    const key = name.toLowerCase();
    return Object.hasOwn(this.state.templates, key) ? this.state.templates[key]! : null;
  }
  async list(): Promise<UpdateTemplates> {
    return this.state.templates;
  }
  async replaceAll(templates: UpdateTemplates): Promise<void> {
    this.state.templates = { ...templates };
  }
}
