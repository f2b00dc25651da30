import { beforeEach, describe, expect, it } from 'vitest';
import { IncidentService } from '../commands/incident-service.js';
import { FixedClock } from '../testing/fixed-clock.js';
import { InMemoryUnitOfWork } from '../testing/in-memory-unit-of-work.js';
import type { CommandContext } from '../commands/command-context.js';
import type { Participant } from './participant.js';

const zoe: Participant = { id: 'discord:1', displayName: 'Zoë Ødegård' };
const jose: Participant = { id: 'teams:29:jose', displayName: 'José 🚒' };
const minutes = (count: number) => count * 60_000;
const DECLARED = new Date('2026-03-01T10:00:00.000Z');
const after = (count: number) => new Date(DECLARED.getTime() + minutes(count));

describe('incident milestones', () => {
  let clock: FixedClock;
  let sut: IncidentService;
  const as = (actor: Participant): CommandContext => ({
    actor,
    location: null,
    mentioned: { [zoe.id]: zoe.displayName, [jose.id]: jose.displayName },
  });
  async function runAt(minute: number, text: string, actor = zoe) {
    clock.set(after(minute));
    return sut.run(text, as(actor));
  }
  const milestones = async () => {
    const incident = await sut.getIncident('INC-1');
    return { acknowledgedAt: incident.acknowledgedAt, mitigatedAt: incident.mitigatedAt };
  };

  beforeEach(async () => {
    clock = new FixedClock(DECLARED);
    sut = new IncidentService(new InMemoryUnitOfWork(), clock);
    await runAt(0, 'declare Checkout fails for card payments in São Paulo');
  });

  it('are unset on a new incident, which has a reporter but no lead', async () => {
    expect(await milestones()).toEqual({ acknowledgedAt: null, mitigatedAt: null });
  });

  it('stamp acknowledged when the first Incident Lead is assigned, not when other roles are', async () => {
    await runAt(2, 'scribe INC-1');
    await runAt(3, 'comms INC-1');
    expect((await milestones()).acknowledgedAt).toBeNull();
    await runAt(7, `lead INC-1 <@${jose.id}>`);
    expect((await milestones()).acknowledgedAt).toEqual(after(7));
  });

  it('keep the first acknowledgement through a hand-over, an unassignment and a new lead', async () => {
    await runAt(4, 'lead INC-1');
    await runAt(9, `lead INC-1 <@${jose.id}>`);
    await runAt(12, 'unassign INC-1 lead', jose);
    await runAt(15, 'lead INC-1');
    expect((await milestones()).acknowledgedAt).toEqual(after(4));
  });

  it('stamp mitigated at the first monitoring status, and keep it when reopened and mitigated again', async () => {
    await runAt(10, 'status INC-1 identified');
    expect((await milestones()).mitigatedAt).toBeNull();
    await runAt(25, 'status INC-1 monitoring');
    await runAt(40, 'status INC-1 investigating');
    await runAt(55, 'status INC-1 monitoring');
    await runAt(70, 'resolve INC-1');
    await runAt(90, 'reopen INC-1');
    await runAt(120, 'resolve INC-1');
    const incident = await sut.getIncident('INC-1');
    expect(incident.mitigatedAt).toEqual(after(25));
    expect(incident.resolvedAt).toEqual(after(120));
  });

  it('stamp mitigated at the resolution when the incident skipped monitoring', async () => {
    await runAt(30, 'resolve INC-1');
    expect((await milestones()).mitigatedAt).toEqual(after(30));
  });
});
