// Residents open their community's portal page: anonymous, a community drawn from all of them.
import { graphql, nth, scenarioOptions, targets } from './lib.js';
import { COMMUNITY_PAGE } from './queries.js';

export const options = scenarioOptions({ http_req_duration: ['p(95)<50'] });

export default function () {
  graphql('CommunityPage', COMMUNITY_PAGE, { code: nth(targets.communities) });
}
