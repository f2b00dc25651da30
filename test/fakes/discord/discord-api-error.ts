/** An error the fake answers with, in Discord's JSON error shape `{ message, code, errors? }`. */
export class DiscordApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly errors?: Record<string, unknown>,
  ) {
    super(message);
  }

  toBody(): { message: string; code: number; errors?: Record<string, unknown> } {
    return { message: this.message, code: this.code, ...(this.errors ? { errors: this.errors } : {}) };
  }
}

export const DiscordErrors = {
  notFound: () => new DiscordApiError(404, 0, '404: Not Found'),
  unauthorized: () => new DiscordApiError(401, 0, '401: Unauthorized'),
  unknownGuild: () => new DiscordApiError(404, 10004, 'Unknown Guild'),
  unknownMember: () => new DiscordApiError(404, 10007, 'Unknown Member'),
  unknownChannel: () => new DiscordApiError(404, 10003, 'Unknown Channel'),
  unknownMessage: () => new DiscordApiError(404, 10008, 'Unknown Message'),
  unknownWebhook: () => new DiscordApiError(404, 10015, 'Unknown Webhook'),
  unknownInteraction: () => new DiscordApiError(404, 10062, 'Unknown interaction'),
  alreadyAcknowledged: () => new DiscordApiError(400, 40060, 'Interaction has already been acknowledged.'),
  emptyMessage: () => new DiscordApiError(400, 50006, 'Cannot send an empty message'),
  editOthersMessage: () => new DiscordApiError(403, 50005, 'Cannot edit a message authored by another user'),
  invalidJson: () => new DiscordApiError(400, 50109, 'The request body contains invalid JSON.'),
  unknownApplication: () => new DiscordApiError(404, 10002, 'Unknown Application'),
  tooManyChannels: () => new DiscordApiError(400, 30013, 'Maximum number of guild channels reached (500)'),
  tooManyPins: () => new DiscordApiError(400, 30003, 'Maximum number of pins reached (50)'),
  invalidFormBody: (field: string, code: string, message: string) =>
    new DiscordApiError(400, 50035, 'Invalid Form Body', { [field]: { _errors: [{ code, message }] } }),
};
