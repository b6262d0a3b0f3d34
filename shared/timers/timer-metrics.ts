import type { Metrics } from '@aws-lambda-powertools/metrics';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { MetricName } from '../observability/metrics.js';

/** The metrics the timer Lambdas emit, as a port (Powertools EMF in Lambda, a recorder in tests). */
export interface TimerMetrics {
  count(name: MetricName, value: number, dimensions?: Record<string, string>): void;
  milliseconds(name: MetricName, value: number, dimensions?: Record<string, string>): void;
}

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

export class RecordingTimerMetrics implements TimerMetrics {
  readonly points: { name: MetricName; value: number; dimensions: Record<string, string> }[] = [];
  count(name: MetricName, value: number, dimensions: Record<string, string> = {}): void {
    this.points.push({ name, value, dimensions });
  }
  milliseconds(name: MetricName, value: number, dimensions: Record<string, string> = {}): void {
    this.points.push({ name, value, dimensions });
  }
}
