export * from './contract.ts';
export * from './cloud-event.ts';
export * from './primitives.ts';
export * from './check-characters.ts';
import * as selfGovernance from './contracts/self-governance.ts';
import * as organizations from './contracts/organizations.ts';
import * as partyBuilding from './contracts/party-building.ts';
import * as socialWork from './contracts/social-work.ts';
import * as funding from './contracts/funding.ts';
import type { EventContract } from './contract.ts';

export { selfGovernance, organizations, partyBuilding, socialWork, funding };

function contractsOf(module: Record<string, unknown>): EventContract[] {
  return Object.values(module).filter(
    (v): v is EventContract => typeof v === 'object' && v !== null && 'subject' in v && 'schema' in v && 'producer' in v,
  );
}

/** Every contract, for the AsyncAPI document, partner provisioning and tests that walk them all. */
export const allContracts: readonly EventContract[] = [
  ...contractsOf(selfGovernance),
  ...contractsOf(organizations),
  ...contractsOf(partyBuilding),
  ...contractsOf(socialWork),
  ...contractsOf(funding),
];
