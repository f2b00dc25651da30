import { describe, expect, it } from 'vitest';
import { discordGuildSettings, storedGuildSettings } from './discord-guild-settings.js';

describe(discordGuildSettings.name, () => {
  it('reads both categories back from the platform settings', () => {
    const settings = { incidentCategoryId: '333', archiveCategoryId: '444' };
    expect(discordGuildSettings({ settings })).toEqual(settings);
  });

  it('reads missing, empty or non-text categories as not set', () => {
    expect(discordGuildSettings(null)).toEqual({ incidentCategoryId: null, archiveCategoryId: null });
    expect(discordGuildSettings({ settings: { incidentCategoryId: '', archiveCategoryId: 7 } })).toEqual({
      incidentCategoryId: null,
      archiveCategoryId: null,
    });
  });

  it('stores only what is set, and reads back what it stored', () => {
    const stored = storedGuildSettings({ incidentCategoryId: '333', archiveCategoryId: null });
    expect(stored).toEqual({ incidentCategoryId: '333' });
    expect(discordGuildSettings({ settings: stored })).toEqual({
      incidentCategoryId: '333',
      archiveCategoryId: null,
    });
  });
});
