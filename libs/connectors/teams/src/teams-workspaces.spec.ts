import { describe, expect, it } from 'vitest';
import { type ChatWorkspace, ChatWorkspaceRepository, type Platform } from '@firebreak/incident';
import { FixedClock } from '@firebreak/incident/testing';
import { channelOf, TeamsWorkspaces, threadRootOf } from './teams-workspaces.js';

class InMemoryChatWorkspaces extends ChatWorkspaceRepository {
  readonly rows = new Map<string, ChatWorkspace>();

  async find(platform: Platform, workspaceId: string): Promise<ChatWorkspace | null> {
    return this.rows.get(`${platform}/${workspaceId}`) ?? null;
  }

  async list(platform: Platform): Promise<ChatWorkspace[]> {
    return [...this.rows.values()].filter((each) => each.platform === platform);
  }

  async save(workspace: ChatWorkspace): Promise<void> {
    this.rows.set(`${workspace.platform}/${workspace.workspaceId}`, workspace);
  }
}

const settings = (channel: string) => ({
  teamName: null,
  tenantId: 'tenant',
  serviceUrl: 'https://smba.example/amer/',
  channelReference: { conversation: { id: channel, isGroup: true, name: '', conversationType: 'channel' } },
});

async function sutWith(defaultTeamId: string | null): Promise<TeamsWorkspaces> {
  const sut = new TeamsWorkspaces(new InMemoryChatWorkspaces(), new FixedClock(), defaultTeamId);
  await sut.setup('team-b', '19:b@thread.tacv2', settings('19:b@thread.tacv2'));
  await sut.setup('team-a', '19:a@thread.tacv2', settings('19:a@thread.tacv2'));
  return sut;
}

describe(TeamsWorkspaces.name, () => {
  it('sends an incident declared in an incidents channel thread to that team', async () => {
    const sut = await sutWith('team-a');
    expect((await sut.forDeclaration('19:b@thread.tacv2;messageid=42'))?.teamId).toBe('team-b');
  });

  it('sends incidents declared elsewhere to the configured default team', async () => {
    const sut = await sutWith('team-b');
    expect((await sut.forDeclaration(null))?.teamId).toBe('team-b');
    expect((await sut.forDeclaration('a:1personal-chat'))?.teamId).toBe('team-b');
  });

  it('falls back to the first team set up when no default is configured', async () => {
    const sut = await sutWith(null);
    expect((await sut.forDeclaration(null))?.teamId).toBe('team-a');
  });

  it('has nowhere to post when no team is set up', async () => {
    const sut = new TeamsWorkspaces(new InMemoryChatWorkspaces(), new FixedClock(), null);
    expect(await sut.forDeclaration(null)).toBeNull();
  });

  it('finds the team of a thread through its incidents channel', async () => {
    const sut = await sutWith(null);
    expect((await sut.forThread('19:b@thread.tacv2;messageid=7'))?.teamId).toBe('team-b');
  });
});

describe('Teams conversation ids', () => {
  it('splits a thread id into its channel and root message', () => {
    expect(channelOf('19:x@thread.tacv2;messageid=123')).toBe('19:x@thread.tacv2');
    expect(threadRootOf('19:x@thread.tacv2;messageid=123')).toBe('123');
    expect(threadRootOf('a:1abc')).toBeNull();
  });
});
