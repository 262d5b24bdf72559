import { startSubgraph, stopOnSignals } from '@sanshe/service-kit';
import { selfGovernanceSubgraph } from './app.ts';
import { loadEnvironment } from './environment.ts';

const service = await startSubgraph(selfGovernanceSubgraph, loadEnvironment());
stopOnSignals(service.stop, service.logger);
