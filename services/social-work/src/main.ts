import { startSubgraph, stopOnSignals } from '@sanshe/service-kit';
import { socialWorkSubgraph } from './app.ts';
import { loadEnvironment } from './environment.ts';

const service = await startSubgraph(socialWorkSubgraph, loadEnvironment());
stopOnSignals(service.stop, service.logger);
