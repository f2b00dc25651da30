import { beforeEach, describe, expect, it } from 'vitest';
import {
  IncidentService,
  message,
  WORKSPACE_SETUP_REFUSAL,
  type CommandContext,
  type Participant,
} from '@firebreak/incident';
import { FixedClock, InMemoryUnitOfWork } from '@firebreak/incident/testing';
import { ChatCommands } from './chat-commands.js';

const zoe: Participant = { id: 'discord:1', displayName: 'Zoë' };
const as = (actor: Participant): CommandContext => ({ actor, location: null });

describe(ChatCommands.name, () => {
  let failures: { errorId: string; error: unknown }[];
  let incidents: IncidentService;
  let sut: ChatCommands;

  beforeEach(() => {
    failures = [];
    incidents = new IncidentService(
      new InMemoryUnitOfWork(),
      new FixedClock(new Date('2026-03-01T10:00:00Z')),
    );
    sut = new ChatCommands(
      incidents,
      (errorId, error) => failures.push({ errorId, error }),
      () => 'e-1',
    );
  });

  it('runs a typed line and answers with the incident as it stands afterwards', async () => {
    const answer = await sut.typed('declare Paiements refusés 🔥 checkout 502', as(zoe));
    expect(answer).toMatchObject({ failed: false, incident: { ref: 'INC-1', roles: { reporter: zoe } } });
  });

  it('answers an empty line with help', async () => {
    const answer = await sut.typed('  ', as(zoe));
    expect(answer.failed).toBe(false);
    expect(answer.message.text).toContain('declare');
  });

  it('turns a refusal into the domain reply: private, titled by its code, nothing logged', async () => {
    const answer = await sut.typed('resolve INC-9', as(zoe));
    expect(answer).toMatchObject({
      failed: true,
      incident: null,
      message: { title: 'No such incident', visibility: 'private', tone: 'warning' },
    });
    expect(failures).toEqual([]);
  });

  it('answers a failure with an error id and logs the cause under it, never its text', async () => {
    const reply = await sut.answer(() => Promise.reject(new Error('disk I/O error at /var/lib/db')));
    expect(reply.text).toBe('Something went wrong on our side (error id e-1). Please try again.');
    expect(failures).toEqual([{ errorId: 'e-1', error: new Error('disk I/O error at /var/lib/db') }]);
  });

  it('declares from the submitted declare form', async () => {
    const answer = await sut.declared({ title: 'Search is slow', severity: 'minor' }, as(zoe));
    expect(answer.incident).toMatchObject({ title: 'Search is slow', severity: 'minor' });
  });

  it('refuses a declare form without a title, declaring nothing', async () => {
    const answer = await sut.declared({ summary: 'p99 at 4 s' }, as(zoe));
    expect(answer).toMatchObject({ failed: true, message: { title: 'Check the command' } });
    expect(await incidents.listIncidents({})).toEqual([]);
  });

  it('sets up for an administrator, and refuses anyone else before anything is saved', async () => {
    let saved = 0;
    const save = async () => {
      saved += 1;
      return message('saved');
    };
    const member = await sut.setUp(
      async () => ({ ownerOrAdministrator: false, configuredAdministrator: false }),
      save,
    );
    expect(member).toMatchObject({ title: 'Not permitted', text: WORKSPACE_SETUP_REFUSAL });
    expect(saved).toBe(0);
    const owner = await sut.setUp(
      async () => ({ ownerOrAdministrator: true, configuredAdministrator: false }),
      save,
    );
    expect(owner.text).toBe('saved');
    const configured = await sut.setUp(
      async () => ({ ownerOrAdministrator: false, configuredAdministrator: true }),
      save,
    );
    expect(configured.text).toBe('saved');
    expect(saved).toBe(2);
  });
});
