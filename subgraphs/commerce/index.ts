import { runSubgraph } from '../kit/subgraph';
import { commerce } from './server';

void runSubgraph(commerce);
