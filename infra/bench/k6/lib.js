// Shared by the scenarios: the targets file the runner writes (codes, terms, ids, tokens), one
// GraphQL POST per iteration, and a counter for answers that are 200 but carry `errors`.
import http from 'k6/http';
import { sleep } from 'k6';
import { Counter } from 'k6/metrics';

export const targets = JSON.parse(open(__ENV.TARGETS));
export const graphqlErrors = new Counter('graphql_errors');

const url = __ENV.GATEWAY_URL;
let reported = 0;

/** One request; `name` tags it so per-operation figures can be read from the raw output. */
export function graphql(name, query, variables, token) {
  const headers = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = http.post(url, JSON.stringify({ query, variables, operationName: name }), { headers, tags: { name } });
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
 * With PACE_MS set, each VU sends at most one request per PACE_MS (a person reading the page
 * before the next click); without it VUs send back to back, which measures throughput.
 */
export function pace(startedAt) {
  const paceMs = Number(__ENV.PACE_MS || 0);
  if (paceMs > 0) {
    const left = paceMs - (Date.now() - startedAt);
    if (left > 0) sleep(left / 1000);
  }
}
