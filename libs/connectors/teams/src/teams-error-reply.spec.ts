import { describe, expect, it, vi } from 'vitest';
import { IncidentError, IncidentErrorCode } from '@firebreak/incident';
import { teamsReplyForError } from './teams-error-reply.js';

describe('teamsReplyForError', () => {
  it('shows a domain refusal as it is, with a title per code', () => {
    const reply = teamsReplyForError(
      new IncidentError(IncidentErrorCode.NotPermitted, 'Only the lead can close.'),
      vi.fn(),
    );
    expect(reply).toMatchObject({ title: 'Not allowed', text: 'Only the lead can close.', tone: 'error' });
  });

  it('gives every code a title', () => {
    for (const code of Object.values(IncidentErrorCode)) {
      expect(teamsReplyForError(new IncidentError(code, 'x'), vi.fn()).title).toBeTruthy();
    }
  });

  it('hides unexpected errors behind an error id, and logs them', () => {
    const log = vi.fn();
    const reply = teamsReplyForError(new Error('SQLITE_BUSY at line 42'), log);
    expect(reply.text).not.toContain('SQLITE_BUSY');
    expect(reply.text).toMatch(/error id [0-9a-f-]{36}/);
    expect(log).toHaveBeenCalledOnce();
  });
});
