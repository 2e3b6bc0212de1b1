import { runSubgraph } from '../../lib/subgraph';
import { food } from './server';

void runSubgraph(food);
