import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { observeStatements } from './lake/lane';

/**
 * Prometheus metrics of this process (GET /api/metrics): ingest outcomes and flushes, lake
 * statements by lane priority, live ticks, sockets and rooms, and the state health reports.
 * One registry per process; the parts that own a figure update it where it happens.
 */
export const registry = new Registry();

export const ingestEvents = new Counter({
  name: 'lookout_ingest_events_total',
  help: 'Events and lines taken by ingest, by outcome: accepted (stored), duplicate (already stored), rejected (dead letter)',
  labelNames: ['outcome'] as const,
  registers: [registry],
});

export const ingestWriteFailures = new Counter({
  name: 'lookout_ingest_write_failures_total',
  help: 'Flushes the lake refused (their bodies were answered 503)',
  registers: [registry],
});

export const ingestFlushSeconds = new Histogram({
  name: 'lookout_ingest_flush_duration_seconds',
  help: 'Duration of one ingest flush (one write of the bodies queued together), failed ones included',
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [registry],
});

export const lakeStatementSeconds = new Histogram({
  name: 'lookout_lake_statement_duration_seconds',
  help: 'Embedded lake statements, from queued to done, by lane priority (interactive, live, background)',
  labelNames: ['priority'] as const,
  buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

export const liveTickSeconds = new Histogram({
  name: 'lookout_live_tick_duration_seconds',
  help: 'Duration of one live engine tick (live widgets of the dirty rooms, and a window pass)',
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

export const lakeWritable = new Gauge({
  name: 'lookout_lake_writable',
  help: '1 when the last write into the lake succeeded (or none failed yet), 0 after a failed one',
  registers: [registry],
});
lakeWritable.set(1);

export const unrepairedCourses = new Gauge({
  name: 'lookout_derived_unrepaired_courses',
  help: 'Courses whose derived tables wait for a rebuild after an interrupted write',
  registers: [registry],
});

/** Gauges read when scraped (sockets, rooms, bus): `read` gives the current value. */
export function gaugeOf(name: string, help: string, read: () => number): void {
  registry.removeSingleMetric(name);
  new Gauge({
    name,
    help,
    registers: [registry],
    collect() {
      this.set(read());
    },
  });
}

observeStatements((priority, seconds) => lakeStatementSeconds.observe({ priority }, seconds));
