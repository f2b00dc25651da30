import type { RequestListener, Server } from 'node:http';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { OPERATIONS_OPTIONS, type OperationsOptions } from './operations-options.js';

/** Content-Security-Policy directives, each with its source expressions (`'self'`, `https://host`, …). */
export type PolicyDirectives = Readonly<Record<string, readonly string[]>>;

/** The header value of a policy: directives in the given order, sources de-duplicated. */
export function contentSecurityPolicy(directives: PolicyDirectives): string {
  return Object.entries(directives)
    .map(([name, sources]) => [name, ...new Set(sources)].join(' '))
    .join('; ');
}

/**
 * The headers every answer of a public app carries: its Content-Security-Policy and referrer policy, no
 * content sniffing (a JSON or text answer is never run as a script or page), and no framing (old browsers read
 * X-Frame-Options; current ones the policy's frame-ancestors).
 */
export function securityHeaders(policy: string, referrerPolicy: string): Readonly<Record<string, string>> {
  return {
    'Content-Security-Policy': policy,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': referrerPolicy,
  };
}

/**
 * Sets the app's security headers (OperationsOptions.securityHeaders) on every answer of its HTTP server,
 * before anything else answers: Express and Nest routes, static files, error filters, the status page's
 * render-cache fast path and Socket.IO's own answers (its client script, transport errors). It installs at
 * bootstrap because Socket.IO puts its listener in front of the app's while the app initialises; a route
 * may still replace a header for its own answers (setHeader overwrites).
 */
@Injectable()
export class SecurityHeaders implements OnApplicationBootstrap {
  constructor(
    @Inject(OPERATIONS_OPTIONS) private readonly options: OperationsOptions,
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
  ) {}

  onApplicationBootstrap(): void {
    const headers = Object.entries(this.options.securityHeaders ?? {});
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    if (!server || headers.length === 0) return;
    const listeners = server.listeners('request') as RequestListener[];
    server.removeAllListeners('request');
    server.on('request', (request, response) => {
      for (const [name, value] of headers) response.setHeader(name, value);
      for (const listener of listeners) listener.call(server, request, response);
    });
  }
}
