import { runSubgraph } from '../kit/subgraph';
import { payments } from './server';

void runSubgraph(payments);
