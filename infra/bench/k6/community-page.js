// Residents open their community's portal page: anonymous, a community drawn from all of them.
import { graphql, nth, pace, targets } from './lib.js';
import { COMMUNITY_PAGE } from './queries.js';

export const options = { thresholds: { http_req_duration: ['p(95)<50'] } };

export default function () {
  const startedAt = Date.now();
  graphql('CommunityPage', COMMUNITY_PAGE, { code: nth(targets.communities) });
  pace(startedAt);
}
