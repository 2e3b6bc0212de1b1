import { runSubgraph } from '../../lib/subgraph';
import { commerce } from './server';

void runSubgraph(commerce);
