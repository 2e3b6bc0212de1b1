import { runSubgraph } from '../../lib/subgraph';
import { maps } from './server';

void runSubgraph(maps);
