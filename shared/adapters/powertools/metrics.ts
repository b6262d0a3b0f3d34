/** Powertools EMF behind the metric ports (`MetricCounter`, `TimerMetrics`). */
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { MetricCounter, MetricName } from '../../observability/metrics.js';
import type { TimerMetrics } from '../../timers/ports.js';

/** Each data point is its own EMF document so its dimensions (milestone, priority, level) stay its own. */
export class PowertoolsTimerMetrics implements TimerMetrics {
  constructor(readonly metrics: Metrics) {}

  count(name: MetricName, value: number, dimensions: Record<string, string> = {}): void {
    this.#emit(name, MetricUnit.Count, value, dimensions);
  }

  milliseconds(name: MetricName, value: number, dimensions: Record<string, string> = {}): void {
    this.#emit(name, MetricUnit.Milliseconds, value, dimensions);
  }

  #emit(
    name: MetricName,
    unit: (typeof MetricUnit)[keyof typeof MetricUnit],
    value: number,
    dimensions: Record<string, string>,
  ): void {
    const single = this.metrics.singleMetric();
    for (const [key, dim] of Object.entries(dimensions)) single.addDimension(key, dim);
    single.addMetric(name, unit, value);
  }
}

/** One EMF document per count, written at once (nothing buffered across invocations). */
export function emfCounter(metrics: Metrics): MetricCounter {
  return {
    count(name, dimensions, value = 1) {
      const single = metrics.singleMetric();
      for (const [key, dimension] of Object.entries(dimensions)) single.addDimension(key, dimension);
      single.addMetric(name, MetricUnit.Count, value);
    },
  };
}

/** Counts and durations, one EMF document each (the notification Lambda's mail sent, failed and delay). */
export function emfMetrics(metrics: Metrics): MetricCounter & {
  milliseconds(name: MetricName, dimensions: Record<string, string>, value: number): void;
} {
  return {
    ...emfCounter(metrics),
    milliseconds(name, dimensions, value) {
      const single = metrics.singleMetric();
      for (const [key, dimension] of Object.entries(dimensions)) single.addDimension(key, dimension);
      single.addMetric(name, MetricUnit.Milliseconds, value);
    },
  };
}
