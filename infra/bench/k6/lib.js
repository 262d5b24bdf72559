// Shared by the scenarios: the targets file the runner writes (codes, terms, ids, tokens), one
// GraphQL POST per iteration, and a counter for answers that are 200 but carry `errors`.
import http from 'k6/http';
import { sleep } from 'k6';
import { Counter, Trend } from 'k6/metrics';

export const targets = JSON.parse(open(__ENV.TARGETS));
export const graphqlErrors = new Counter('graphql_errors');
// How old the response cache's answers were (their `Age` header, whole seconds): only answers from
// a cache carry one, so an uncached gateway's run has no samples.
export const cacheAge = new Trend('cache_age_s');

const url = __ENV.GATEWAY_URL;
let reported = 0;

/** One request; `name` tags it so per-operation figures can be read from the raw output. */
export function graphql(name, query, variables, token) {
  const headers = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = http.post(url, JSON.stringify({ query, variables, operationName: name }), { headers, tags: { name } });
  const age = res.headers['Age'];
  if (age !== undefined) cacheAge.add(Number(age));
  let failed = res.status !== 200;
  if (!failed) {
    try {
      const body = res.json();
      if (body.errors && body.errors.length > 0) failed = true;
      if (failed && reported < 3) {
        reported += 1;
        console.warn(`${name}: ${JSON.stringify(body.errors[0]).slice(0, 300)}`);
      }
    } catch (e) {
      failed = true;
    }
    if (failed) graphqlErrors.add(1);
  } else if (reported < 3) {
    reported += 1;
    console.warn(`${name}: HTTP ${res.status} ${String(res.body).slice(0, 200)}`);
  }
  return res;
}

/** A deterministic walk over a list, different for each VU: same requests in every run. */
export function nth(list, salt) {
  const i = ((__VU * 7919 + __ITER * 104729 + (salt || 0)) >>> 0) % list.length;
  return list[i];
}

/**
 * A scenario's k6 options. By default the runner's --vus/--duration apply: VUs back to back, a
 * closed model that measures throughput (latency there is mostly queueing behind the other VUs).
 * With RATE set, an open model: RATE requests a second, evenly spread, for DURATION — VUS people
 * each reading a page about once a second. (VUs that each sleep to a one-second beat start
 * together and stay in step: every second all of them arrive at once, which measures a burst.)
 */
export function scenarioOptions(thresholds) {
  if (!__ENV.RATE) return { thresholds };
  const vus = Number(__ENV.VUS || 20);
  return {
    thresholds,
    scenarios: {
      paced: { executor: 'constant-arrival-rate', rate: Number(__ENV.RATE), timeUnit: '1s', duration: __ENV.DURATION || '30s', preAllocatedVUs: vus, maxVUs: vus * 4 },
    },
  };
}
