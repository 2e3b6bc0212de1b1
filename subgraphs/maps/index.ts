import { runSubgraph } from '../kit/subgraph';
import { maps } from './server';

void runSubgraph(maps);
