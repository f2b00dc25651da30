import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AddressRanges } from './address-ranges.js';
import { OPERATIONS_OPTIONS, type OperationsOptions } from './operations-options.js';

/**
 * Express `trust proxy`: a hop is trusted only when its address is one of TRUSTED_PROXIES. `request.ip` is then
 * the address the nearest trusted proxy saw (the right-most untrusted `X-Forwarded-For` entry), so what a client
 * writes in that header itself is never believed; with no trusted proxy it is the socket's peer.
 */
export function trustedProxyFilter(proxies: AddressRanges): (address: string) => boolean {
  return (address) => proxies.includes(address);
}

/** Applies the app's TRUSTED_PROXIES; both apps' configure functions call it before anything routes. */
export function useTrustedProxies(app: INestApplication): void {
  const options = app.get<OperationsOptions>(OPERATIONS_OPTIONS);
  (app as NestExpressApplication).set(
    'trust proxy',
    trustedProxyFilter(options.trustedProxies ?? AddressRanges.NONE),
  );
}
