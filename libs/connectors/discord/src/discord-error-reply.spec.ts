import { IncidentError, IncidentErrorCode } from '@firebreak/incident';
import { describe, expect, it } from 'vitest';
import { errorReply } from './discord-error-reply.js';

describe(errorReply.name, () => {
  it('answers every domain refusal privately with its own text', () => {
    for (const code of Object.values(IncidentErrorCode)) {
      const { reply, unexpected } = errorReply(new IncidentError(code, `Refused: ${code}`));
      expect(reply.visibility).toBe('private');
      expect(reply.title).toBeTruthy();
      expect(reply.text).toBe(`Refused: ${code}`);
      expect(unexpected).toBeNull();
    }
  });

  it('explains a NotPermitted refusal under "Not permitted"', () => {
    const { reply } = errorReply(
      new IncidentError(IncidentErrorCode.NotPermitted, 'Only the lead of INC-1 can close it.'),
    );
    expect(reply).toMatchObject({ title: 'Not permitted', tone: 'error' });
  });

  it('hides unexpected errors behind an error id', () => {
    const { reply, unexpected } = errorReply(new Error('SQLITE_BUSY at /srv/app.js:1'));
    expect(unexpected).toMatch(/^[0-9a-f]{8}$/);
    expect(reply.text).toContain(unexpected!);
    expect(reply.text).not.toContain('SQLITE');
    expect(reply.visibility).toBe('private');
  });
});
