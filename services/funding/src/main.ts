import { startSubgraph, stopOnSignals } from '@sanshe/service-kit';
import { createFundingSubgraph } from './app.ts';
import { loadEnvironment } from './environment.ts';

const env = loadEnvironment();
const service = await startSubgraph(createFundingSubgraph({ subgraphSecret: () => env.server.SUBGRAPH_SECRET }), env);
stopOnSignals(service.stop, service.logger);
