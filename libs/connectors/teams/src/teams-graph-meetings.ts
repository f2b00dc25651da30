import { GraphRequestError, type TeamsGraphClient } from './teams-graph-client.js';

/** An online meeting as Graph returns it: its id (to end it) and the link people join with. */
export interface GraphMeeting {
  readonly id: string;
  readonly joinWebUrl: string;
}

/** How long a meeting is scheduled for; it ends earlier, with the incident. */
const MEETING_HOURS = 24;

/**
 * Teams meetings for incidents, through Microsoft Graph as the app (`POST /users/{organizer}/onlineMeetings`):
 * application permission `OnlineMeetings.ReadWrite.All` and an application access policy that lets the app act
 * for the organizer (TEAMS_MEETING_ORGANIZER_ID).
 */
export class TeamsGraphMeetings {
  constructor(
    private readonly graph: TeamsGraphClient,
    private readonly organizerId: string,
  ) {}

  async create(tenantId: string | null, subject: string, start: Date): Promise<GraphMeeting> {
    const end = new Date(start.getTime() + MEETING_HOURS * 3_600_000);
    const response = await this.graph.call(tenantId, this.meetingsUrl(), {
      method: 'POST',
      body: JSON.stringify({ subject, startDateTime: start.toISOString(), endDateTime: end.toISOString() }),
    });
    if (!response.ok) {
      const problem = (await response.text()).slice(0, 300);
      throw new GraphRequestError(
        `Graph refused the meeting: ${response.status} ${problem}`,
        response.status,
      );
    }
    const meeting = (await response.json()) as { id?: unknown; joinWebUrl?: unknown };
    if (typeof meeting.id !== 'string' || typeof meeting.joinWebUrl !== 'string')
      throw new GraphRequestError('Graph answered a meeting without id or joinWebUrl.', 502);
    return { id: meeting.id, joinWebUrl: meeting.joinWebUrl };
  }

  /** Deletes the meeting, which ends it; one already gone is ended too. */
  async end(tenantId: string | null, meetingId: string): Promise<void> {
    const url = `${this.meetingsUrl()}/${encodeURIComponent(meetingId)}`;
    const response = await this.graph.call(tenantId, url, { method: 'DELETE' });
    if (response.ok || response.status === 404) return;
    throw new GraphRequestError(`Graph did not end the meeting: ${response.status}`, response.status);
  }

  private meetingsUrl(): string {
    return this.graph.url(`users/${encodeURIComponent(this.organizerId)}/onlineMeetings`);
  }
}
