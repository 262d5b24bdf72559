import type { Identity } from '@sanshe/service-kit';
import type { ServiceName } from '../services.ts';
import { loadNanguan } from './nanguan-load.ts';
import { NANGUAN } from './nanguan-plan.ts';
import { loadQingshan } from './qingshan-load.ts';
import { QINGSHAN } from './qingshan-figures.ts';
import { DatasetError, SubgraphClient } from './subgraph-client.ts';

/** The seed-true datasets: the articles' districts, loaded through the services' own mutations. */
export const DATASETS = {
  qingshan: { districtCode: QINGSHAN.districtCode, load: loadQingshan },
  nanguan: { districtCode: NANGUAN.districtCode, load: loadNanguan },
} as const;
export type DatasetName = keyof typeof DATASETS;

export function isDatasetName(name: string): name is DatasetName {
  return Object.hasOwn(DATASETS, name);
}

export interface DatasetPlatform {
  serviceUrls: Record<ServiceName, string>;
  secrets: Record<ServiceName, string>;
}

/** District-office staff of the dataset's district: the writes pass the subgraphs' own authorization. */
export function datasetIdentity(name: DatasetName): Identity {
  return { subject: `dataset-${name}`, roles: ['district_office'], scope: [DATASETS[name].districtCode], organizationId: null, partnerId: null };
}

/** True when the dataset's district is already registered (a dataset loads once per database). */
export async function isDatasetLoaded(platform: DatasetPlatform, name: DatasetName): Promise<boolean> {
  const client = new SubgraphClient({ ...platform, identity: datasetIdentity(name) });
  try {
    const result = await client.query<{ region: { code: string } | null }>('self-governance', `query ($code: ID!) { region(code: $code) { code } }`, { code: DATASETS[name].districtCode });
    return result.region != null;
  } catch (error) {
    if (error instanceof DatasetError && error.code === 'NOT_FOUND') return false;
    throw error;
  }
}

export async function loadDataset(platform: DatasetPlatform, name: DatasetName, log: (line: string) => void = console.log): Promise<void> {
  const client = new SubgraphClient({ ...platform, identity: datasetIdentity(name) });
  await DATASETS[name].load(client, log);
}
