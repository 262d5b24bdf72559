/** GraphQL operations of the support network: incubation, federations and hubs, venues. */
export const STINT = 'id stage admittedOn stageChangedOn graduatedOn endedOn active center { id occupancy } organization { id state }';
export const CREATE_CENTER = `mutation ($input: CreateIncubationCenterInput!) { createIncubationCenter(input: $input) {
  id name kind regionCode areaSquareMetres capacity operator openedOn occupancy } }`;
export const ADMIT = `mutation ($input: AdmitToIncubationInput!) { admitToIncubation(input: $input) { ${STINT} } }`;
export const MOVE = (mutation: string, dateArg: string) =>
  `mutation ($id: ID!, $on: String) { r: ${mutation}(id: $id, ${dateArg}: $on) { ${STINT} } }`;
export const ADVANCE = MOVE('advanceIncubationStage', 'on');
export const GRADUATE = MOVE('graduateFromIncubation', 'graduatedOn');
export const WITHDRAW = MOVE('withdrawFromIncubation', 'endedOn');

export const centerInput = (overrides: Record<string, unknown> = {}) => ({
  name: `青山区社会组织孵化园${Math.random().toString(36).slice(2, 8)}`,
  kind: 'PARK',
  regionCode: '150204',
  areaSquareMetres: 3200.5,
  capacity: 2,
  operator: '上海恩派公益组织发展中心',
  openedOn: '2016-05-01',
  ...overrides,
});

export const ADD = `mutation ($f: ID!, $m: ID!, $on: String) { addFederationMember(federationId: $f, memberId: $m, joinedOn: $on) {
  id joinedOn leftOn active federation { id hubKind } member { id } } }`;
export const REMOVE = `mutation ($f: ID!, $m: ID!, $on: String) { removeFederationMember(federationId: $f, memberId: $m, leftOn: $on) { id leftOn active } }`;
export const HUB = `mutation ($id: ID!, $kind: HubKind!) { designateHub(id: $id, kind: $kind) { id hubKind } }`;

export const LEND = `mutation ($input: LendVenueInput!) { lendVenue(input: $input) {
  id venueName community { code } areaSquareMetres monthlyRentFen zeroRent startsOn endsOn organization { id } } }`;
export const END_LOAN = `mutation ($id: ID!, $on: String) { endVenueLoan(id: $id, endedOn: $on) { id endsOn } }`;

