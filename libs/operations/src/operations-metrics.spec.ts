import { describe, expect, it } from 'vitest';
import { OperationsMetrics } from './operations-metrics.js';

const pause = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

function gauge(metrics: string, name: string): number {
  const line = metrics.split('\n').find((each) => each.startsWith(`${name}{service="gateway"} `));
  return Number(line?.slice(line.lastIndexOf(' ') + 1));
}

describe(OperationsMetrics.name, () => {
  it('shows a blocked event loop in the delay p99 and max of the next scrape', async () => {
    const sut = new OperationsMetrics({ service: 'gateway' }, null);
    await sut.metricsText(); // each scrape starts a new measurement
    await pause(50);
    const blockedUntil = performance.now() + 250;
    while (performance.now() < blockedUntil); // what a stalled parser did to the event loop
    await pause(50);

    const metrics = await sut.metricsText();
    expect(gauge(metrics, 'firebreak_nodejs_eventloop_lag_p99_seconds')).toBeGreaterThanOrEqual(0.2);
    expect(gauge(metrics, 'firebreak_nodejs_eventloop_lag_max_seconds')).toBeGreaterThanOrEqual(0.2);
  });
});
