import { describe, expect, it } from 'vitest';
import type { Incident } from '../model/incident.js';
import { onImpliedIncident } from './command.js';
import { parseCommand } from './command-parser.js';
import { AccessPolicy } from './access-policy.js';
import { readPermissionSettings } from './permission-policy.js';
import { PermissionPolicy } from './permission-policy.js';

const ada = { id: 'discord:111111111111111111', displayName: 'Ada' };
const grace = { id: 'teams:0f3c2b9e-6a1d-4e58-9b7c-1d2e3f4a5b6c', displayName: 'Grace' };
const incident = {
  ref: 'INC-3',
  roles: { reporter: ada, lead: grace },
} as unknown as Incident;

describe(AccessPolicy.name, () => {
  const sut = new AccessPolicy(PermissionPolicy.standard);

  it('offers an action by the permission policy, and everything to administrators', () => {
    const subject = { incident, owner: ada };
    expect(sut.mayDo('followup_done', { person: ada, administrator: false }, subject)).toBe(true);
    expect(sut.mayDo('severity', { person: ada, administrator: false }, subject)).toBe(false);
    expect(sut.mayDo('severity', { person: grace, administrator: false }, subject)).toBe(true);
    expect(sut.mayDo('severity', { person: ada, administrator: true }, subject)).toBe(true);
  });

  it('follows what the operator loosened', () => {
    const loosened = new AccessPolicy(readPermissionSettings('severity:anyone').policy);
    expect(loosened.mayDo('severity', { person: ada, administrator: false }, { incident })).toBe(true);
  });

  it('runs commands as the viewer, privileged when they are an administrator', () => {
    expect(sut.commandContext({ person: ada, administrator: true }, { idempotencyKey: 'site:1' })).toEqual({
      actor: ada,
      privileged: true,
      location: null,
      idempotencyKey: 'site:1',
    });
  });

  it('shows a private incident only to its invited people and administrators, on every transport alike', () => {
    const omar = { id: 'discord:222222222222222222', displayName: 'Omar Ñúñez' };
    const leak = { ...incident, ref: 'INC-4', private: true, invitees: [ada] } as unknown as Incident;
    expect(sut.maySee({ person: ada, administrator: false }, leak)).toBe(true);
    expect(sut.maySee({ person: omar, administrator: false }, leak)).toBe(false);
    expect(sut.maySee({ person: omar, administrator: true }, leak)).toBe(true);
    expect(sut.maySee({ person: omar, administrator: false }, incident)).toBe(true);
    expect(sut.visible({ person: omar, administrator: false }, [incident, leak])).toEqual([incident]);
    expect(() => sut.requireSee({ person: omar, administrator: false }, leak, 'INC-4')).toThrow(
      'There is no incident INC-4.',
    );
  });

  it('lets a privileged caller see private incidents unless its access leaves them out', () => {
    expect(sut.viewerOf({ actor: ada, location: null, privileged: true })).toEqual({
      person: ada,
      administrator: true,
    });
    expect(sut.viewerOf({ actor: ada, location: null, privileged: true, privateAccess: false })).toEqual({
      person: ada,
      administrator: false,
    });
    expect(sut.viewerOf({ actor: ada, location: null })).toEqual({ person: ada, administrator: false });
  });

  it('answers an incident nobody may see as if it did not exist', () => {
    expect(sut.requireSee({ person: ada, administrator: false }, incident, 'INC-3')).toBe(incident);
    expect(() => sut.requireSee({ person: ada, administrator: false }, null, 'INC-9')).toThrow(
      'There is no incident INC-9.',
    );
  });
});

describe(onImpliedIncident.name, () => {
  it('makes a command that names no incident act on the one implied, and leaves the others alone', () => {
    expect(onImpliedIncident(parseCommand('sev critical'), 'INC-3')).toEqual({
      kind: 'severity',
      ref: 'INC-3',
      severity: 'critical',
    });
    expect(onImpliedIncident(parseCommand('sev INC-4 minor'), 'INC-3')).toMatchObject({ ref: 'INC-4' });
    expect(onImpliedIncident(parseCommand('declare Disk full'), 'INC-3')).toEqual(
      parseCommand('declare Disk full'),
    );
    expect(onImpliedIncident(parseCommand('done 7'), 'INC-3')).toEqual({ kind: 'done', itemId: 7 });
  });
});
