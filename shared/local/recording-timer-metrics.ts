import type { MetricName } from '../observability/metrics.js';
import type { TimerMetrics } from '../timers/ports.js';

/** Timer metrics kept in memory: the local runtime has no CloudWatch; its tests read the points. */
export class RecordingTimerMetrics implements TimerMetrics {
  readonly points: { name: MetricName; value: number; dimensions: Record<string, string> }[] = [];
  count(name: MetricName, value: number, dimensions: Record<string, string> = {}): void {
    this.points.push({ name, value, dimensions });
  }
  milliseconds(name: MetricName, value: number, dimensions: Record<string, string> = {}): void {
    this.points.push({ name, value, dimensions });
  }
}
