/**
 * The slice of Microsoft Graph v1.0 the Teams connector calls for incident calls: `POST /users/{id}/onlineMeetings`
 * (create a meeting the user organizes, answered 201 with its `id` and `joinWebUrl`) and `DELETE
 * /users/{id}/onlineMeetings/{meetingId}` (204). As in Graph, an app may act only for users an application access
 * policy grants it: others get 403. Served by FakeBotConnector under `/graph`.
 */
import { randomBytes } from 'node:crypto';
import { FakeGraphResource, graphError, type GraphAnswer, type GraphRequest } from './fake-graph-channels.js';

export interface GraphMeetingRecord {
  readonly id: string;
  readonly organizerId: string;
  readonly subject: string;
  readonly startDateTime: string;
  readonly endDateTime: string;
  readonly joinWebUrl: string;
  deleted: boolean;
}

export class FakeGraphOnlineMeetings extends FakeGraphResource {
  private readonly meetings: GraphMeetingRecord[] = [];
  /** Users the application access policy lets the app organize meetings for. */
  readonly allowedOrganizers = new Set<string>();

  /** Every meeting created, in order (deleted ones marked). */
  all(): GraphMeetingRecord[] {
    return [...this.meetings];
  }

  protected answer({ method, segments, body }: GraphRequest): GraphAnswer {
    const [version, users, userId, onlineMeetings, meetingId] = segments;
    if (version !== 'v1.0' || users !== 'users' || !userId || onlineMeetings !== 'onlineMeetings')
      return graphError(400, 'BadRequest', `Resource not found for the segment '${segments.join('/')}'.`);
    if (!this.allowedOrganizers.has(userId))
      return graphError(403, 'Forbidden', 'No application access policy found for this app.');
    if (method === 'POST' && segments.length === 4) return this.create(userId, body);
    if (method === 'DELETE' && meetingId && segments.length === 5) return this.delete(userId, meetingId);
    return graphError(405, 'MethodNotAllowed', `${method} is not allowed here.`);
  }

  private create(organizerId: string, body: unknown): GraphAnswer {
    const request = (body ?? {}) as { subject?: unknown; startDateTime?: unknown; endDateTime?: unknown };
    if (typeof request.startDateTime !== 'string' || typeof request.endDateTime !== 'string')
      return graphError(400, 'BadRequest', 'startDateTime and endDateTime are required.');
    const id = `MSo${randomBytes(24).toString('base64url')}`;
    const thread = `19:meeting_${randomBytes(12).toString('hex')}@thread.v2`;
    const meeting: GraphMeetingRecord = {
      id,
      organizerId,
      subject: typeof request.subject === 'string' ? request.subject : '',
      startDateTime: request.startDateTime,
      endDateTime: request.endDateTime,
      joinWebUrl: `https://teams.microsoft.com/l/meetup-join/${encodeURIComponent(thread)}/0`,
      deleted: false,
    };
    this.meetings.push(meeting);
    return {
      status: 201,
      body: {
        '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#users('${organizerId}')/onlineMeetings/$entity`,
        id,
        subject: meeting.subject,
        startDateTime: meeting.startDateTime,
        endDateTime: meeting.endDateTime,
        joinWebUrl: meeting.joinWebUrl,
        chatInfo: { threadId: thread, messageId: '0' },
        participants: { organizer: { identity: { user: { id: organizerId } }, role: 'presenter' } },
      },
    };
  }

  private delete(organizerId: string, meetingId: string): GraphAnswer {
    const meeting = this.meetings.find((each) => each.id === meetingId && each.organizerId === organizerId);
    if (!meeting || meeting.deleted) return graphError(404, 'NotFound', 'Meeting not found.');
    meeting.deleted = true;
    return { status: 204 };
  }
}
