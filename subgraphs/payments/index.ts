import { runSubgraph } from '../../lib/subgraph';
import { payments } from './server';

void runSubgraph(payments);
