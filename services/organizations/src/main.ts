import { startSubgraph, stopOnSignals } from '@sanshe/service-kit';
import { organizationsSubgraph } from './app.ts';
import { loadEnvironment } from './environment.ts';

const env = loadEnvironment();
const service = await startSubgraph(organizationsSubgraph, env);
stopOnSignals(service.stop, service.logger);
