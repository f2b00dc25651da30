import type { Writable } from 'node:stream';
import { Inject, Injectable, type LoggerService } from '@nestjs/common';
import { type DestinationStream, pino, type Logger } from 'pino';
import { prettyFactory } from 'pino-pretty';
import { currentRequestContext } from './request-context.js';
import { OPERATIONS_OPTIONS, type OperationsOptions } from './operations-options.js';
import { REDACTED_PATHS, scrubSecrets } from './secrets.js';

/**
 * Builds the process's pino logger: request/incident ids mixed in, secrets redacted, written as JSON lines or,
 * in a terminal, as human-readable lines (see `logDestination`).
 */
export function createOperationsLogger(options: OperationsOptions): Logger {
  return pino(
    {
      level: options.logLevel ?? 'info',
      base: { service: options.service },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      mixin(mergeObject) {
        const context = currentRequestContext();
        // Access log lines carry the ids themselves (pino-http), whatever context they are written from.
        if (!context || 'req' in mergeObject || 'res' in mergeObject) return {};
        return context.incidentRef
          ? { requestId: context.requestId, incident: context.incidentRef }
          : { requestId: context.requestId };
      },
      hooks: {
        // Messages are free text and may quote a URL or header: scrub them too.
        logMethod(args, method) {
          method.apply(
            this,
            args.map((arg) => (typeof arg === 'string' ? scrubSecrets(arg) : arg)) as Parameters<
              typeof method
            >,
          );
        },
      },
      serializers: {
        err: pino.stdSerializers.err,
      },
    },
    logDestination(options.logStream),
  );
}

/**
 * Human-readable lines when the output is a terminal (someone is reading it: `npm start`), JSON lines otherwise
 * (a pipe, a file, a container's log collector), on stdout unless a stream is given. Both are written
 * synchronously, so lines written just before a crash or process.exit() are not lost.
 */
function logDestination(stream?: Writable): DestinationStream {
  const output = stream ?? process.stdout;
  if (!(output as { isTTY?: boolean }).isTTY) return stream ?? pino.destination({ sync: true });
  const prettify = prettyFactory({
    translateTime: 'SYS:HH:MM:ss.l',
    // Two apps share the terminal under `npm start`: each line says which one wrote it, and Nest's context.
    messageFormat: '{service} {if context}[{context}] {end}{msg}',
    ignore: 'pid,hostname,service,context',
    singleLine: true,
  });
  return { write: (line: string) => void output.write(prettify(line)) };
}

/** Nest's LoggerService on top of pino, so framework and app messages are JSON lines too. */
@Injectable()
export class OperationsLogger implements LoggerService {
  readonly pino: Logger;

  constructor(@Inject(OPERATIONS_OPTIONS) options: OperationsOptions) {
    this.pino = createOperationsLogger(options);
  }

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  /** Nest passes the context (class name) last, and a stack before it for errors. */
  private write(
    level: 'info' | 'error' | 'warn' | 'debug' | 'trace' | 'fatal',
    message: unknown,
    rest: unknown[],
  ) {
    const parts = [...rest];
    const context = typeof parts.at(-1) === 'string' ? (parts.pop() as string) : undefined;
    const stack = typeof parts[0] === 'string' ? (parts.shift() as string) : undefined;
    const fields: Record<string, unknown> = {};
    if (context) fields['context'] = context;
    if (stack) fields['stack'] = scrubSecrets(stack);
    if (message instanceof Error) {
      this.pino[level]({ ...fields, err: message }, scrubSecrets(message.message));
    } else if (typeof message === 'object' && message !== null) {
      this.pino[level]({ ...fields, ...(message as object) });
    } else {
      this.pino[level](fields, String(message));
    }
  }
}
