import { beforeEach, describe, expect, it } from 'vitest';
import { IncidentError } from '../errors.js';
import type { Participant } from '../model/participant.js';
import { FixedClock } from '../testing/fixed-clock.js';
import { InMemoryUnitOfWork } from '../testing/in-memory-unit-of-work.js';
import type { CommandContext } from './command-context.js';
import { parseCommand } from './command-parser.js';
import { IncidentService } from './incident-service.js';

const dana: Participant = { id: 'discord:4', displayName: 'Dana Ødegård' };
const bob: Participant = { id: 'teams:29:bob', displayName: 'Bob 🛡️' };
const eve: Participant = { id: 'discord:5', displayName: 'Eve' };
const admin: Participant = { id: 'discord:9', displayName: 'Ada Admin' };
const as = (actor: Participant, privileged = false): CommandContext => ({
  actor,
  location: { platform: 'discord', channelId: 'g/general' },
  privileged,
  mentioned: { [bob.id]: bob.displayName, [eve.id]: eve.displayName },
});
const SENSITIVE = 'Possible PII exposure - benefits eligibility S3 bucket public';

describe('private incidents', () => {
  let unitOfWork: InMemoryUnitOfWork;
  let sut: IncidentService;

  async function refusal(text: string, context: CommandContext): Promise<IncidentError> {
    try {
      await sut.run(text, context);
    } catch (error) {
      if (error instanceof IncidentError) return error;
      throw error;
    }
    throw new Error(`"${text}" was not refused`);
  }

  beforeEach(async () => {
    unitOfWork = new InMemoryUnitOfWork();
    sut = new IncidentService(unitOfWork, new FixedClock(new Date('2026-03-10T12:00:00.000Z')));
    await sut.run(`declare --private ${SENSITIVE}`, as(dana));
  });

  it('reads --private and --past before the title, in either order', () => {
    expect(parseCommand('declare --private --past Leak started 2026-03-02T09:10Z')).toMatchObject({
      kind: 'declare',
      title: 'Leak',
      private: true,
      past: { resolved: null },
    });
    expect(parseCommand('declare Mentions --private later')).toEqual({
      kind: 'declare',
      title: 'Mentions --private later',
    });
    expect(parseCommand('invite INC-1 <@discord:5> <@teams:29:bob>')).toEqual({
      kind: 'invite',
      ref: 'INC-1',
      users: ['discord:5', 'teams:29:bob'],
    });
    expect(() => parseCommand('invite INC-1 everyone')).toThrow('Mention each person');
    expect(parseCommand('private INC-1 --public')).toEqual({ kind: 'access', ref: 'INC-1', private: false });
  });

  it('lets only its invitees and administrators see it, as if it did not exist for anyone else', async () => {
    expect((await refusal('show INC-1', as(eve))).message).toBe('There is no incident INC-1.');
    expect((await refusal('sev INC-1 critical', as(eve))).message).toBe('There is no incident INC-1.');
    expect((await sut.run('list', as(eve))).message.text).toBe('No open incidents. 🎉');
    expect((await sut.run('list', as(dana))).message.text).toContain('INC-1');
    expect((await sut.run('show INC-1', as(admin, true))).message.title).toContain(SENSITIVE);
  });

  it('tells the incidents channels only its reference and lead, and opens no channel', async () => {
    const types = unitOfWork.events.map((event) => event.type);
    expect(types).not.toContain('incident.declared');
    const notice = unitOfWork.events.find((event) => event.type === 'chat.notice')!;
    expect(notice.payload['target']).toEqual({ kind: 'incidents_channel' });
    expect(JSON.stringify(notice.payload['message'])).not.toContain('PII');
    expect((notice.payload['message'] as { text: string }).text).toBe(
      'A private incident was declared (INC-1, lead: <@discord:4>).',
    );
  });

  it('gives access by invitation, logging every change, and keeps the reporter', async () => {
    await sut.run(`invite INC-1 <@${eve.id}> <@${bob.id}>`, as(dana));
    expect((await sut.run('show INC-1', as(eve))).message.title).toContain(SENSITIVE);
    await sut.run(`uninvite INC-1 <@${eve.id}>`, as(dana));
    expect((await refusal('show INC-1', as(eve))).message).toBe('There is no incident INC-1.');
    expect((await refusal(`uninvite INC-1 <@${dana.id}>`, as(admin, true))).message).toContain(
      'The reporter always sees INC-1',
    );
    expect((await refusal(`invite INC-1 <@${eve.id}>`, as(bob))).code).toBe('not_permitted');
    const changes = (await sut.timeline('INC-1')).filter((entry) => entry.kind === 'access_changed');
    expect(changes.map((entry) => entry.text)).toEqual([
      'Dana Ødegård invited Eve, Bob 🛡️',
      'Dana Ødegård uninvited Eve',
    ]);
  });

  it('publishes nothing about it, confirmed title or not', async () => {
    await sut.run('public-title INC-1 Sign-in trouble', as(dana));
    expect((await refusal('update INC-1 We are looking into sign-in trouble.', as(dana))).message).toContain(
      'INC-1 is private, so nothing about it is published',
    );
    expect(await sut.statusUpdates('INC-1')).toEqual([]);
  });

  it('makes an open incident private, and visible again only on the lead’s word, logged', async () => {
    await sut.run('declare Checkout is slow', as(eve));
    await sut.run('lead INC-2', as(eve));
    const made = await sut.run('private INC-2', as(eve));
    expect(made.incident).toMatchObject({ private: true, invitees: [eve] });
    expect((await refusal('show INC-2', as(dana))).message).toBe('There is no incident INC-2.');
    await sut.run(`invite INC-2 <@${bob.id}>`, as(eve));
    expect((await refusal('private INC-2 --public', as(bob))).message).toContain(
      'may invite or uninvite people, or make the incident private or not',
    );
    await sut.run('private INC-2 --public', as(eve));
    expect((await sut.run('show INC-2', as(dana))).message.title).toContain('Checkout is slow');
    const texts = (await sut.timeline('INC-2')).filter((entry) => entry.kind === 'access_changed');
    expect(texts.map((entry) => entry.text)).toEqual([
      'Eve made the incident private',
      'Eve invited Bob 🛡️',
      'Eve made the incident visible to every responder',
    ]);
  });
});
