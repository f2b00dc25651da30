import { AsyncLocalStorage } from 'node:async_hooks';

/** What every log line written while serving one request (or running one command) carries. */
export interface RequestContext {
  readonly requestId: string;
  /** The incident the request turned out to be about, once a command has named or produced one. */
  incidentRef?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs `work` with `context` as the current request context (across awaits). */
export function runInRequestContext<T>(context: RequestContext, work: () => T): T {
  return storage.run(context, work);
}

export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}

/** Tags the current request (if any) with the incident it concerns, for the log lines that follow. */
export function noteIncident(ref: string | null | undefined): void {
  const context = storage.getStore();
  if (context && ref) context.incidentRef = ref;
}
