import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { eventSamples, metricsUrlOf, outboxSamples, readMetric, renderMetrics, scrapeMetrics, type ConsumerStats, type RunningConsumer } from '../../src/index.ts';

describe('readMetric', () => {
  const page = [
    '# HELP sanshe_sql_statements_total SQL statements sent to PostgreSQL.',
    '# TYPE sanshe_sql_statements_total counter',
    'sanshe_sql_statements_total{service="funding"} 1234',
    'process_cpu_seconds_total 12.5',
    'process_cpu_seconds_total_extra 99',
    '',
  ].join('\n');

  it('reads a sample with or without labels, and not one whose name only begins alike', () => {
    expect(readMetric(page, 'sanshe_sql_statements_total')).toBe(1234);
    expect(readMetric(page, 'process_cpu_seconds_total')).toBe(12.5);
  });

  it('is null for a metric the page does not have, and ignores comment lines', () => {
    expect(readMetric(page, 'process_resident_memory_bytes')).toBeNull();
    expect(readMetric('# sanshe_sql_statements_total 5', 'sanshe_sql_statements_total')).toBeNull();
  });

  it('reads the sample whose labels include the ones asked for', () => {
    const perConsumer = [
      'sanshe_events_applied_total{service="funding",consumer="funding__organizations"} 12',
      'sanshe_events_applied_total{service="funding",consumer="funding__party-building"} 3',
    ].join('\n');
    expect(readMetric(perConsumer, 'sanshe_events_applied_total', { consumer: 'funding__party-building' })).toBe(3);
    expect(readMetric(perConsumer, 'sanshe_events_applied_total', { service: 'funding' })).toBe(12);
    expect(readMetric(perConsumer, 'sanshe_events_applied_total', { consumer: 'funding__social-work' })).toBeNull();
    expect(readMetric(page, 'process_cpu_seconds_total', { service: 'funding' })).toBeNull();
  });
});

describe('scrapeMetrics', () => {
  it('reads the named samples of a page, and refuses a refused scrape or a missing sample', async () => {
    const server = createServer((req, res) => {
      if (req.headers['x-token'] !== 'ok') return void res.writeHead(401).end();
      res.writeHead(200, { 'content-type': 'text/plain' }).end('# TYPE a_total counter\na_total 3\nb_total{x="1"} 5\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = metricsUrlOf(`http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`);
    try {
      expect(url).toMatch(/\/metrics$/);
      expect(await scrapeMetrics(url, { 'x-token': 'ok' }, { a: 'a_total', b: 'b_total' })).toEqual({ a: 3, b: 5 });
      await expect(scrapeMetrics(url, {}, { a: 'a_total' })).rejects.toThrow(/answered 401/);
      await expect(scrapeMetrics(url, { 'x-token': 'ok' }, { c: 'c_total' })).rejects.toThrow(/has no c_total/);
    } finally {
      server.close();
    }
  });
});

describe('renderMetrics', () => {
  it('gives a metric one HELP and TYPE, its samples together, however the list came', () => {
    const page = renderMetrics([
      { name: 'a_total', type: 'counter', help: 'A.', value: 1, labels: { consumer: 'x' } },
      { name: 'b', type: 'gauge', help: 'B.', value: 5 },
      { name: 'a_total', type: 'counter', help: 'A.', value: 2, labels: { consumer: 'y' } },
    ]);
    expect(page).toBe(['# HELP a_total A.', '# TYPE a_total counter', 'a_total{consumer="x"} 1', 'a_total{consumer="y"} 2', '# HELP b B.', '# TYPE b gauge', 'b 5', ''].join('\n'));
  });
});

describe('eventSamples', () => {
  /** A consumer as the metrics see it: a name and its counts. */
  const consumer = (durable: string, stats: Partial<ConsumerStats>): RunningConsumer => ({
    durable,
    stats: () => ({ applied: 0, deadLettered: 0, batches: 0, batched: 0, receiving: true, ...stats }),
    stop: async () => {},
  });

  it('reports per consumer what it applied and dead-lettered, and whether it still receives', () => {
    const page = renderMetrics(
      eventSamples('funding', {
        connected: true,
        wiringFailures: 2,
        relay: { published: 40, failedPublishes: 1 },
        consumers: [
          consumer('funding__organizations', { applied: 12, deadLettered: 1 }),
          consumer('funding__party-building', { applied: 3, receiving: false }),
          consumer('funding__social-work.case.closed', { applied: 30, batches: 4, batched: 27 }),
        ],
      }),
    );
    expect(page).toContain('sanshe_events_connected{service="funding"} 1');
    expect(page).toContain('sanshe_events_applied_total{service="funding",consumer="funding__organizations"} 12');
    expect(page).toContain('sanshe_events_dead_lettered_total{service="funding",consumer="funding__organizations"} 1');
    expect(page).toContain('sanshe_consumer_receiving{service="funding",consumer="funding__party-building"} 0');
    expect(page).toContain('sanshe_event_batches_total{service="funding",consumer="funding__social-work.case.closed"} 4');
    expect(page).toContain('sanshe_events_batched_total{service="funding",consumer="funding__social-work.case.closed"} 27');
    expect(page).toContain('sanshe_events_wiring_failures_total{service="funding"} 2');
    expect(page).toContain('sanshe_outbox_published_total{service="funding"} 40');
    expect(page).toContain('sanshe_outbox_publish_failures_total{service="funding"} 1');
    expect(page.match(/# HELP sanshe_events_applied_total/g)).toHaveLength(1);
  });

  it('leaves the relay out where the process runs none, and says so of the outbox backlog', () => {
    const page = renderMetrics([
      ...eventSamples('funding', { connected: true, consumers: [], wiringFailures: 0, relay: null }),
      ...outboxSamples('funding', { pending: 7, oldestSeconds: 2.5 }),
    ]);
    expect(readMetric(page, 'sanshe_outbox_published_total')).toBeNull();
    expect(readMetric(page, 'sanshe_outbox_pending', { service: 'funding' })).toBe(7);
    expect(readMetric(page, 'sanshe_outbox_oldest_pending_seconds')).toBe(2.5);
  });

  it('says the events are not connected before the consumers run', () => {
    expect(readMetric(renderMetrics(eventSamples('funding', { connected: false, consumers: [], wiringFailures: 0, relay: null })), 'sanshe_events_connected')).toBe(0);
  });
});
