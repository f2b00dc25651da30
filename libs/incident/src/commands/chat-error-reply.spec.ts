import { describe, expect, it } from 'vitest';
import { IncidentError, IncidentErrorCode } from '../errors.js';
import { chatReplyForError } from './chat-error-reply.js';
import { parseCommand } from './command-parser.js';

const errorId = () => 'f3b2c1d0-0000-4000-8000-000000000001';

describe(chatReplyForError.name, () => {
  it('answers every domain refusal privately, titled, with its own text and nothing to log', () => {
    for (const code of Object.values(IncidentErrorCode)) {
      const { reply, errorId: logged } = chatReplyForError(
        new IncidentError(code, `Refused: ${code}`),
        errorId,
      );
      expect(reply.visibility).toBe('private');
      expect(reply.title).toBeTruthy();
      expect(reply.text).toBe(`Refused: ${code}`);
      expect(logged).toBeNull();
    }
  });

  it('explains a NotPermitted refusal under "Not permitted", as an error', () => {
    const { reply } = chatReplyForError(
      new IncidentError(IncidentErrorCode.NotPermitted, 'Only the lead of INC-1 can close it.'),
      errorId,
    );
    expect(reply).toMatchObject({ title: 'Not permitted', tone: 'error' });
  });

  it('adds the hint as its own paragraph', () => {
    const { reply } = chatReplyForError(
      IncidentError.invalid('severity', '"urgent" is not a severity.', 'Use critical, major or minor.'),
      errorId,
    );
    expect(reply.text).toBe('"urgent" is not a severity.\n\nUse critical, major or minor.');
  });

  it('lists the commands once when answering an unknown command', () => {
    const refusal = (() => {
      try {
        return parseCommand('restart the primary database please');
      } catch (error) {
        return error;
      }
    })();
    const { reply } = chatReplyForError(refusal, errorId);
    expect(reply.text).toContain('Unknown command "restart"');
    expect(reply.text.split('Commands:')).toHaveLength(2);
    expect(reply.text.match(/\bdeclare\b/g)).toHaveLength(1);
  });

  it('hides unexpected errors behind an error id the caller logs', () => {
    const { reply, errorId: logged } = chatReplyForError(new Error('SQLITE_BUSY at /srv/app.js:1'), errorId);
    expect(logged).toBe(errorId());
    expect(reply.text).toContain(errorId());
    expect(reply.text).not.toContain('SQLITE');
    expect(reply).toMatchObject({ visibility: 'private', tone: 'error' });
  });
});
