import { runSubgraph } from '../../lib/subgraph';
import { social } from './server';

void runSubgraph(social);
