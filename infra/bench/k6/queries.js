// The operations of the four scenarios. Each is one document, as a client would send it.

/** A community's public portal page: fields from all five subgraphs, lists of the first few. */
export const COMMUNITY_PAGE = `query CommunityPage($code: ID!) {
  community(code: $code) {
    code name level population households
    street { code name }
    district { code name }
    organizations(first: 10) {
      totalCount
      edges { node { id name track category serviceFields state grade { grade label } } }
      pageInfo { hasNextPage endCursor }
    }
    partyOrganizations(first: 5) { totalCount edges { node { id name kind partyMembers } } }
    partyCoverage { organizationCount coveredOrganizationCount coveredPermille serviceStationCount }
    socialWorkers(first: 5) { totalCount edges { node { id certificationLevel employment } } }
    certifiedSocialWorkerCount
    socialWorkStations(first: 5) { totalCount }
    volunteerCount
    funding { awardedFen paidFen grantCount subsidiesPaidFen }
    microWishes(first: 5) { totalCount edges { node { id title category status postedAt } } }
    disclosures(first: 5) { totalCount edges { node { id category period title publishedAt } } }
    proposals(first: 5) { totalCount edges { node { id title stage submittedAt } } }
  }
}`;

const STATISTICS = `
    id regionCode name level from to
    communities villages population households
    deliberationPlatforms deliberationMeetingsHeld proposalsByStage { stage count }
    disputesReported disputesResolved needsReported needsFulfilled
    microWishesPosted microWishesFulfilled microProjects microProjectCategories
    organizations organizationsByTrack { track count } organizationsByCategory { category count }
    organizationsByGrade { grade count } organizationsByServiceField { serviceField count }
    organizationsPer10kResidents newOrganizations projectsStarted
    partyOrganizations partyOrganizationsByKind { kind count } partyMembers partyServiceStations
    jointMeetingsHeld partyCoveragePerMille
    socialWorkers certifiedSocialWorkers certifiedSocialWorkersByLevel { level count }
    professionalSocialWorkersInOrganizations socialWorkStationsByKind { kind count }
    volunteers volunteerMinutes volunteerRecords serviceCasesOpened serviceCasesClosed fundedSocialWorkPosts
    grantsAwarded awardedFen paidFen microFundSpentFen
    moneyByProgramme { awardedFen paidFen grantCount }`;

/** The district data office's dashboard: a district and its streets, every subgraph's figures. */
export const DISTRICT_DASHBOARD = `query DistrictDashboard($codes: [ID!]!, $from: String!, $to: String!) {
  regionStatistics(codes: $codes, from: $from, to: $to) {${STATISTICS}
    children {${STATISTICS}
    }
  }
}`;

/** Organization search: a name fragment, optionally narrowed to a street or category. */
export const ORGANIZATION_SEARCH = `query OrganizationSearch($filter: OrganizationFilter, $first: Int) {
  organizations(filter: $filter, first: $first) {
    totalCount
    edges { cursor node { id name track state category serviceFields streetCode establishedOn grade { label } community { code name } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** The write of the read/write mix: a volunteer's service recorded by an organization nearby. */
export const RECORD_SERVICE = `mutation RecordService($input: RecordVolunteerServiceInput!) {
  recordVolunteerService(input: $input) { id minutes }
}`;

/** A need reported through the grid (the other write). */
export const REPORT_NEED = `mutation ReportNeed($input: ReportNeedInput!) {
  reportNeed(input: $input) { id status }
}`;
