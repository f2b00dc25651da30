import {
  Body,
  Controller,
  Get,
  Inject,
  Logger,
  Param,
  Post,
  Query,
  Req,
  Res,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { SignInRefusal, SignInRefused, type SignInProvider } from '@firebreak/identity';
import { PublicRoute } from '../http/api-auth.guard.js';
import { SiteErrorFilter, SiteSession, SiteSessionGuard } from './site-access.js';
import { SITE_SETTINGS, type SiteSettings } from './site-config.js';
import { cookieHeader, cookiesOf, PENDING_COOKIE, SESSION_COOKIE } from './site-cookies.js';
import { SIGN_IN_PROVIDERS } from './site-providers.js';
import { SiteRenderer } from './site-renderer.js';
import { SiteSessions, type SignedInSession } from './site-sessions.js';

const PENDING_SECONDS = 600;
const REFUSAL_STATUS: Record<SignInRefusal, number> = {
  [SignInRefusal.NotThisSignIn]: 400,
  [SignInRefusal.CodeRejected]: 400,
  [SignInRefusal.Declined]: 400,
  [SignInRefusal.NotAMember]: 403,
  [SignInRefusal.ProviderUnavailable]: 502,
};

/** Signing in and out of the responders' site. */
// Browser pages, not the API: left out of the OpenAPI document.
@ApiExcludeController()
@PublicRoute()
@UseFilters(SiteErrorFilter)
@Controller('site')
export class SiteAuthController {
  private readonly logger = new Logger('SiteSignIn');

  constructor(
    @Inject(SiteSessions) private readonly sessions: SiteSessions,
    @Inject(SiteRenderer) private readonly renderer: SiteRenderer,
    @Inject(SIGN_IN_PROVIDERS) private readonly providers: SignInProvider[],
    @Inject(SITE_SETTINGS) private readonly settings: SiteSettings,
  ) {}

  @Get()
  home(@Res() response: Response): void {
    response.redirect(303, '/site/incidents');
  }

  @Get('sign-in')
  signInPage(@Res() response: Response): void {
    this.sendSignIn(response, 200, null);
  }

  @Get('sign-in/link')
  linkPage(@Query('token') token: unknown, @Res() response: Response): void {
    const page = this.renderer.page('sign-in-link', this.frame('Sign in'), {
      token: typeof token === 'string' ? token : '',
    });
    response.type('html').send(page);
  }

  /** A POST, so a link opened by a mail scanner or a chat preview is not spent. */
  @Post('sign-in/link')
  async useLink(@Body() body: Record<string, unknown>, @Res() response: Response): Promise<void> {
    const viewer = typeof body.token === 'string' ? await this.sessions.useSignInLink(body.token) : null;
    if (!viewer)
      return this.sendSignIn(
        response,
        400,
        'That sign-in link has expired or was already used. Make another with npm run site:sign-in-link.',
      );
    await this.startSession(response, await this.sessions.signIn(viewer));
  }

  @Get('sign-in/:provider')
  async begin(@Param('provider') id: string, @Res() response: Response): Promise<void> {
    const provider = this.providers.find((each) => each.id === id);
    if (!provider) return this.sendSignIn(response, 404, 'There is no such way to sign in.');
    try {
      const { redirectUrl, keep } = await provider.begin(this.callbackUrl(provider));
      const pending = await this.sessions.startPending(keep);
      response.setHeader('Set-Cookie', this.cookie(PENDING_COOKIE, pending, PENDING_SECONDS));
      response.redirect(303, redirectUrl);
    } catch (error) {
      this.refused(response, error);
    }
  }

  @Get('auth/:provider/callback')
  async callback(
    @Param('provider') id: string,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const provider = this.providers.find((each) => each.id === id);
    if (!provider) return this.sendSignIn(response, 404, 'There is no such way to sign in.');
    const kept = await this.sessions.takePending(cookiesOf(request.headers.cookie).get(PENDING_COOKIE));
    const query = Object.fromEntries(
      Object.entries(request.query).filter(
        (entry): entry is [string, string] => typeof entry[1] === 'string',
      ),
    );
    try {
      const person = await provider.complete(this.callbackUrl(provider), query, kept);
      const [personId] = person.participantIds;
      const viewer = {
        person: { id: personId!, displayName: person.displayName },
        administrator: person.administrator,
      };
      await this.startSession(response, await this.sessions.signIn(viewer), [
        this.cookie(PENDING_COOKIE, '', 0),
      ]);
    } catch (error) {
      this.refused(response, error);
    }
  }

  @Post('sign-out')
  @UseGuards(SiteSessionGuard)
  async signOut(
    @Req() request: Request,
    @SiteSession() _session: SignedInSession,
    @Res() response: Response,
  ): Promise<void> {
    await this.sessions.signOut(cookiesOf(request.headers.cookie).get(SESSION_COOKIE));
    response.setHeader('Set-Cookie', this.cookie(SESSION_COOKIE, '', 0));
    response.redirect(303, '/site/sign-in');
  }

  private async startSession(response: Response, secret: string, extra: string[] = []): Promise<void> {
    const maxAge = Math.floor(this.settings.sessionMs / 1000);
    response.setHeader('Set-Cookie', [this.cookie(SESSION_COOKIE, secret, maxAge), ...extra]);
    response.redirect(303, '/site/incidents');
  }

  private refused(response: Response, error: unknown): void {
    if (!(error instanceof SignInRefused)) throw error;
    this.logger.warn(`Sign-in refused (${error.reason}): ${error.detail ?? error.message}`);
    this.sendSignIn(response, REFUSAL_STATUS[error.reason], error.message);
  }

  private sendSignIn(response: Response, status: number, refusal: string | null): void {
    const providers = this.providers.map(({ id, label }) => ({ id, label }));
    response
      .status(status)
      .type('html')
      .send(this.renderer.page('sign-in', this.frame('Sign in'), { providers, refusal }));
  }

  private callbackUrl(provider: SignInProvider): string {
    return `${this.settings.baseUrl}/site/auth/${provider.id}/callback`;
  }

  private cookie(name: string, value: string, maxAge: number): string {
    return cookieHeader(name, value, { secure: this.settings.secureCookies, maxAge });
  }

  private frame(title: string) {
    return { title, viewer: null, csrf: null, nav: null };
  }
}
