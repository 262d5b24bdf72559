/**
 * Founds one street's party organizations, opens its stations and records its joint meetings
 * through party-building's own mutations, parents first, with the days the plan gives them
 * (party.ts).
 *
 * A street is the checkpoint's unit, but one founding is one transaction: a load cut off inside a
 * street leaves part of it behind. So a street is always begun by reading what it already has
 * (by name, unique in the street) and founding only the rest.
 */
import { EVENT_WAIT_MS, WAITING_FOR_EVENTS, type Client } from '../graphql-client.ts';
import type { StreetParty } from './party.ts';

const FOUND = `mutation ($input: FoundPartyOrganizationInput!) { foundPartyOrganization(input: $input) { id } }`;
const OPEN = `mutation ($input: OpenPartyServiceStationInput!) { openPartyServiceStation(input: $input) { id } }`;
const PARTY_ORGANIZATIONS = `query ($code: ID!, $after: String) {
  partyOrganizations(regionCode: $code, first: 100, after: $after) { edges { node { id name } } pageInfo { hasNextPage endCursor } }
}`;
const MEET = `mutation ($input: RecordJointMeetingInput!) { recordJointMeeting(input: $input) { id } }`;
const MEETINGS = `query ($code: ID!, $after: String) {
  jointMeetings(regionCode: $code, first: 100, after: $after) { edges { node { heldOn host { id } } } pageInfo { hasNextPage endCursor } }
}`;
const STATIONS = `query ($code: ID!, $after: String) {
  partyServiceStations(regionCode: $code, first: 100, after: $after) { edges { node { name community { code } } } pageInfo { hasNextPage endCursor } }
}`;

// A founding may come before the organizations' or regions' events have reached party-building.
const UNTIL_EVENTS_ARRIVE = { retryCodes: WAITING_FOR_EVENTS, waitMs: EVENT_WAIT_MS, service: 'party-building' };

interface Page<T> {
  edges: { node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

async function all<T>(client: Client, query: string, code: string): Promise<T[]> {
  const nodes: T[] = [];
  let after: string | null = null;
  do {
    const data: Record<string, Page<T>> = await client.request(query, { code, after }, { service: 'party-building' });
    const page = Object.values(data)[0]!;
    nodes.push(...page.edges.map((e) => e.node));
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after);
  return nodes;
}

/** The street's party organizations founded so far: id by name. */
async function partyIds(client: Client, streetCode: string): Promise<Map<string, string>> {
  return new Map((await all<{ id: string; name: string }>(client, PARTY_ORGANIZATIONS, streetCode)).map((p) => [p.name, p.id]));
}

/** Founds and opens what the street does not have yet; `done(n)` after each. Returns the calls made. */
export async function loadStreetParty(client: Client, street: StreetParty, organizationIds: readonly string[], done: (records: number) => void): Promise<number> {
  const ids = await partyIds(client, street.streetCode);
  const opened = new Set(
    (await all<{ name: string; community: { code: string } }>(client, STATIONS, street.streetCode)).map((s) => `${s.community.code}/${s.name}`),
  );
  let calls = 0;
  for (const founding of street.foundings) {
    if (!ids.has(founding.name)) {
      const { organizations, parentName, ...input } = founding;
      const data = await client.request<{ foundPartyOrganization: { id: string } }>(
        FOUND,
        {
          input: {
            ...input,
            parentId: parentName === null ? null : ids.get(parentName),
            organizationIds: organizations.map((o) => organizationIds[o]),
          },
        },
        UNTIL_EVENTS_ARRIVE,
      );
      ids.set(founding.name, data.foundPartyOrganization.id);
      calls += 1;
    }
    done(1);
  }
  for (const station of street.stations) {
    if (!opened.has(`${station.communityCode}/${station.name}`)) {
      const { hostName, ...input } = station;
      await client.request(OPEN, { input: { ...input, partyOrganizationId: ids.get(hostName) } }, UNTIL_EVENTS_ARRIVE);
      calls += 1;
    }
    done(1);
  }
  return calls;
}

/** Records the street's joint meetings it does not have yet (by host and day), after its party organizations. */
export async function loadStreetMeetings(client: Client, street: StreetParty, done: (records: number) => void): Promise<number> {
  const ids = await partyIds(client, street.streetCode);
  const held = new Set((await all<{ heldOn: string; host: { id: string } }>(client, MEETINGS, street.streetCode)).map((m) => `${m.host.id}/${m.heldOn}`));
  let calls = 0;
  for (const meeting of street.meetings) {
    const hostId = ids.get(meeting.hostName);
    if (!hostId) throw new Error(`joint meetings of ${street.streetCode}: ${meeting.hostName} is not founded (run the party stage first)`);
    if (!held.has(`${hostId}/${meeting.heldOn}`)) {
      const { hostName: _, ...input } = meeting;
      await client.request(MEET, { input: { ...input, hostId } }, { service: 'party-building' });
      calls += 1;
    }
    done(1);
  }
  return calls;
}
