import { runSubgraph } from '../kit/subgraph';
import { social } from './server';

void runSubgraph(social);
