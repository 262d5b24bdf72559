import { startSubgraph, stopOnSignals } from '@sanshe/service-kit';
import { organizationsSubgraph } from './app.ts';
import { loadEnvironment } from './environment.ts';

const service = await startSubgraph(organizationsSubgraph, loadEnvironment());
stopOnSignals(service.stop, service.logger);
