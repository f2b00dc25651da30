import { type Activity, CloudAdapter, type InvokeResponse, type TurnContext } from 'botbuilder';
import { type AuthenticateRequestResult, AuthenticationError } from 'botframework-connector';

/**
 * CloudAdapter whose inbound authentication failures are all 401. botframework-connector lets some token
 * failures through as plain errors (a forged signature with a known key id surfaces as jsonwebtoken's
 * error), which `CloudAdapter.process` would answer with 500; a request that fails authentication must be
 * refused as unauthorized and never reach the bot.
 */
export class TeamsCloudAdapter extends CloudAdapter {
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
