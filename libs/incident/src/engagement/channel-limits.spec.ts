import { describe, expect, it } from 'vitest';
import { channelLimitWarning } from './channel-limits.js';

describe(channelLimitWarning.name, () => {
  it('stays quiet below 90 % of the platform’s channel limit', () => {
    expect(channelLimitWarning('discord', 449, 'INC-3')).toBeNull();
    expect(channelLimitWarning('teams', 899, 'INC-3')).toBeNull();
  });

  it('warns from 90 %, saying what is used, what happens at the limit and what to do', () => {
    const discord = channelLimitWarning('discord', 450, 'INC-3')!;
    expect(discord).toMatchObject({
      title: 'Running out of channels',
      tone: 'warning',
      incidentRef: 'INC-3',
    });
    expect(discord.text).toContain('This Discord server has 450 of its 500 channels. At 500, new incidents');
    expect(discord.text).toContain('Delete incident channels you no longer need');
    const teams = channelLimitWarning('teams', 1000, null)!;
    expect(teams.text).toContain('This team has 1,000 of its 1,000 channels. It is full');
    expect(teams.text).toContain('MICROSOFT_TEAMS_INCIDENT_SPACE=thread');
  });
});
