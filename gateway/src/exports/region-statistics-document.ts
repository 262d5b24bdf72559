/**
 * The one GraphQL document behind /exports/region-statistics.*: every domain's part of
 * `RegionStatistics`, for the asked regions and (optionally) their direct children. The gateway
 * runs it against itself, so exports pass the same authentication, limits and plans as any client.
 */
const FIELDS = `
  id regionCode name level from to
  communities villages population households
  deliberationPlatforms deliberationMeetingsHeld proposalsByStage { stage count }
  disputesReported disputesResolved needsReported needsFulfilled
  microWishesPosted microWishesFulfilled microProjects microProjectCategories
  organizations newOrganizations organizationsPer10kResidents projectsStarted
  organizationsByTrack { track count } organizationsByCategory { category count }
  organizationsByGrade { grade count } organizationsByServiceField { serviceField count }
  partyOrganizations partyMembers partyServiceStations jointMeetingsHeld partyCoveragePerMille
  partyOrganizationsByKind { kind count }
  socialWorkers certifiedSocialWorkers professionalSocialWorkersInOrganizations
  certifiedSocialWorkersByLevel { level count } socialWorkStationsByKind { kind count }
  volunteers volunteerMinutes volunteerRecords serviceCasesOpened serviceCasesClosed fundedSocialWorkPosts
  grantsAwarded awardedFen paidFen microFundSpentFen
  moneyByProgramme { programme { id name kind } awardedFen paidFen grantCount }
`;

export const REGION_STATISTICS_EXPORT = `query RegionStatisticsExport($codes: [ID!]!, $from: String!, $to: String!, $children: Boolean!) {
  regionStatistics(codes: $codes, from: $from, to: $to) {
    ${FIELDS}
    children @include(if: $children) { ${FIELDS} }
  }
}`;
