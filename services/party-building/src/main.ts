import { startSubgraph, stopOnSignals } from '@sanshe/service-kit';
import { partyBuildingSubgraph } from './app.ts';
import { loadEnvironment } from './environment.ts';

const env = loadEnvironment();
const service = await startSubgraph(
  partyBuildingSubgraph({
    jointBranchSubsidyFen: env.rules.JOINT_BRANCH_SUBSIDY_FEN,
    partyServiceFundShareBasisPoints: env.rules.PARTY_SERVICE_FUND_SHARE_BP,
  }),
  env,
);
stopOnSignals(service.stop, service.logger);
