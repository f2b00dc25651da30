import type { Server } from 'node:http';
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { OPERATIONS_OPTIONS, type OperationsOptions } from './operations-options.js';
import { ShutdownState } from './shutdown-state.js';

/**
 * First step of shutdown (its module is destroyed before the libraries it sits beside): stop accepting
 * connections, mark the replica not ready, and wait for in-flight requests and commands. Only then do the
 * outbox relay (after its batch) and the database close, in their own modules' hooks.
 */
@Injectable()
export class ShutdownDrain implements OnModuleDestroy {
  private readonly logger = new Logger('Shutdown');

  constructor(
    @Inject(OPERATIONS_OPTIONS) private readonly options: OperationsOptions,
    @Inject(ShutdownState) private readonly state: ShutdownState,
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
  ) {}

  async onModuleDestroy(): Promise<void> {
    this.state.draining = true;
    this.state.closing = true;
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    if (server?.listening) {
      server.close();
      server.closeIdleConnections();
    }
    const pending = this.state.pending;
    if (pending > 0) this.logger.log(`Waiting for ${pending} request(s) and command(s) in flight.`);
    const timeoutMs = this.options.shutdownTimeoutMs ?? 10_000;
    const finished = await this.state.idle(timeoutMs);
    if (!finished)
      this.logger.warn(`Gave up waiting after ${timeoutMs} ms with ${this.state.pending} still in flight.`);
    server?.closeIdleConnections();
  }
}
