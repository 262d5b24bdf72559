// Staff at work: 80 % reads (a community page and a street's statistics, signed in as the district
// office, so nothing is served from an anonymous cache) and 20 % writes (a volunteer's service
// recorded, a need reported). One request per iteration.
import { graphql, nth, scenarioOptions, targets } from './lib.js';
import { COMMUNITY_PAGE, DISTRICT_DASHBOARD, RECORD_SERVICE, REPORT_NEED } from './queries.js';

export const options = scenarioOptions({});

export default function () {
  const token = targets.token;
  const slot = (__VU * 31 + __ITER) % 10;
  if (slot < 5) {
    graphql('CommunityPage', COMMUNITY_PAGE, { code: nth(targets.communities) }, token);
  } else if (slot < 8) {
    const period = nth(targets.periods, 1);
    graphql('DistrictDashboard', DISTRICT_DASHBOARD, { codes: [nth(targets.streets)], from: period.from, to: period.to }, token);
  } else if (slot === 8 && targets.servicePairs.length > 0) {
    const pair = nth(targets.servicePairs, 7);
    graphql('RecordService', RECORD_SERVICE, { input: { volunteerId: pair.volunteerId, organizationId: pair.organizationId, activity: '社区环境清洁', serviceDate: nth(targets.writeDates, 13), minutes: 30 } }, token);
  } else {
    graphql('ReportNeed', REPORT_NEED, { input: { communityCode: nth(targets.communities, 11), category: 'ELDERLY_CARE', urgency: 'NORMAL', summary: '独居老人需要助餐', reporter: { name: '王芳', phone: '13800000000' } } }, token);
  }
}
