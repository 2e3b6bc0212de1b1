import { runSubgraph } from '../kit/subgraph';
import { food } from './server';

void runSubgraph(food);
