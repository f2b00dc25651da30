import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { type Command, type CommandContext, IncidentError, IncidentService } from '@firebreak/incident';
import { OperationsMetrics } from './operations-metrics.js';
import { noteIncident } from './request-context.js';
import { ShutdownState } from './shutdown-state.js';

/**
 * Observes every incident command without touching the domain: wraps `executeAll` (which `run` and `execute`
 * go through) on the app's IncidentService to count commands by type and outcome, tag the request's log
 * lines with the incident, and hold shutdown until the command's transaction has finished.
 */
@Injectable()
export class CommandInstrumentation implements OnModuleInit {
  constructor(
    @Inject(ModuleRef) private readonly moduleRef: ModuleRef,
    @Inject(OperationsMetrics) private readonly metrics: OperationsMetrics,
    @Inject(ShutdownState) private readonly shutdown: ShutdownState,
  ) {}

  onModuleInit(): void {
    let service: IncidentService;
    try {
      service = this.moduleRef.get(IncidentService, { strict: false });
    } catch {
      return; // The status page runs no commands.
    }
    instrumentIncidentService(service, this.metrics, this.shutdown);
  }
}

const INSTRUMENTED = Symbol('firebreak.instrumented');

function instrumentIncidentService(
  service: IncidentService,
  metrics: Pick<OperationsMetrics, 'commands'>,
  shutdown: Pick<ShutdownState, 'begin'>,
): void {
  const target = service as IncidentService & { [INSTRUMENTED]?: true };
  if (target[INSTRUMENTED]) return;
  target[INSTRUMENTED] = true;
  const counted = new WeakSet<object>();
  const outcomeOf = (error: unknown) => (error instanceof IncidentError ? error.code : 'error');
  // Text that does not parse never reaches executeAll: count it here, as type "unparsed".
  const run = service.run.bind(service);
  service.run = async (text: string, context: CommandContext) => {
    try {
      return await run(text, context);
    } catch (error) {
      if (!(error instanceof Object && counted.has(error)))
        metrics.commands.inc({ type: 'unparsed', outcome: outcomeOf(error) });
      throw error;
    }
  };
  const executeAll = service.executeAll.bind(service);
  service.executeAll = async (commands: readonly Command[], context: CommandContext) => {
    const type = commandType(commands);
    for (const command of commands) if ('ref' in command) noteIncident(command.ref);
    const end = shutdown.begin();
    try {
      const result = await executeAll(commands, context);
      noteIncident(result.incident?.ref ?? result.message.incidentRef);
      metrics.commands.inc({ type, outcome: result.replayed ? 'replayed' : 'applied' });
      return result;
    } catch (error) {
      metrics.commands.inc({ type, outcome: outcomeOf(error) });
      if (error instanceof Object) counted.add(error);
      throw error;
    } finally {
      end();
    }
  };
}

function commandType(commands: readonly Command[]): string {
  if (commands.length === 1) return commands[0]!.kind;
  return commands.length === 0 ? 'none' : 'batch';
}
