import { startSubgraph, stopOnSignals } from '@sanshe/service-kit';
import { fundingSubgraph } from './app.ts';
import { loadEnvironment } from './environment.ts';

const service = await startSubgraph(fundingSubgraph, loadEnvironment());
stopOnSignals(service.stop, service.logger);
