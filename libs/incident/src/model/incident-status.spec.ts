import { describe, expect, it } from 'vitest';
import { canTransition, INCIDENT_STATUSES } from './incident-status.js';

describe('incident status transitions', () => {
  it('moves forward through investigating, identified, monitoring and resolved', () => {
    expect(canTransition('investigating', 'identified')).toBe(true);
    expect(canTransition('identified', 'monitoring')).toBe(true);
    expect(canTransition('monitoring', 'resolved')).toBe(true);
  });

  it('lets a fix that did not hold send monitoring back to investigating', () => {
    expect(canTransition('monitoring', 'investigating')).toBe(true);
  });

  it('reopens a resolved incident', () => {
    expect(canTransition('resolved', 'investigating')).toBe(true);
  });

  it('closes only from resolved', () => {
    const closable = INCIDENT_STATUSES.filter((from) => canTransition(from, 'closed'));
    expect(closable).toEqual(['resolved']);
  });

  it('never leaves closed', () => {
    expect(INCIDENT_STATUSES.filter((to) => canTransition('closed', to))).toEqual([]);
  });

  it('is not a transition to stay where you are', () => {
    expect(canTransition('identified', 'identified')).toBe(false);
  });
});
