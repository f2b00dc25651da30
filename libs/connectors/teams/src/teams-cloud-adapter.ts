import { type Activity, CloudAdapter, type InvokeResponse, type TurnContext } from 'botbuilder';
import { type AuthenticateRequestResult, AuthenticationError } from 'botframework-connector';
import type { Request, Response } from 'express';

/** What the adapter answered to an inbound activity: status and, for invoke activities, a body. */
export interface AdapterAnswer {
  status: number;
  body?: unknown;
}

/**
 * CloudAdapter whose inbound authentication failures are all 401. botframework-connector lets some token
 * failures through as plain errors (a forged signature with a known key id surfaces as jsonwebtoken's
 * error), which `CloudAdapter.process` would answer with 500; a request that fails authentication must be
 * refused as unauthorized and never reach the bot.
 */
export class TeamsCloudAdapter extends CloudAdapter {
  /**
   * Runs an inbound activity through `process` and hands back what it would have written, so the host app
   * writes the answer itself: its refusals in the app's error format instead of botbuilder's bare status or
   * internal error message.
   */
  async answer(request: Request, logic: (context: TurnContext) => Promise<void>): Promise<AdapterAnswer> {
    const answer: AdapterAnswer = { status: 200 };
    const recorder = {
      status(code: number) {
        answer.status = code;
        return recorder;
      },
      send(body: unknown) {
        answer.body = body;
        return recorder;
      },
      header: () => recorder,
      end: () => recorder,
    };
    await this.process(request, recorder as unknown as Response, logic);
    return answer;
  }

  protected override async processActivity(
    authentication: string | AuthenticateRequestResult,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    if (typeof authentication !== 'string') return super.processActivity(authentication, activity, logic);
    let result: AuthenticateRequestResult;
    try {
      result = await this.botFrameworkAuthentication.authenticateRequest(activity, authentication);
    } catch (error) {
      if (error instanceof AuthenticationError) throw error;
      throw new AuthenticationError(`Unauthorized: ${(error as Error).message ?? 'invalid token'}`, 401);
    }
    return super.processActivity(result, activity, logic);
  }
}
