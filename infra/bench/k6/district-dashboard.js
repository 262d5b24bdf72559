// The district data office's dashboard: one district and its streets over a period preset.
import { graphql, nth, scenarioOptions, targets } from './lib.js';
import { DISTRICT_DASHBOARD } from './queries.js';

export const options = scenarioOptions({ http_req_duration: ['p(95)<150'] });

export default function () {
  const period = nth(targets.periods, 1);
  graphql('DistrictDashboard', DISTRICT_DASHBOARD, { codes: [nth(targets.districts)], from: period.from, to: period.to });
}
