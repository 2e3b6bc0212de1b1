import type { SubgraphName } from '../lib/config';
import type { SubgraphDefinition } from './kit/subgraph';
import { commerce } from './commerce/server';
import { food } from './food/server';
import { maps } from './maps/server';
import { payments } from './payments/server';
import { social } from './social/server';

/** Every subgraph of the graph, in the order they start. */
export const SUBGRAPHS: Record<SubgraphName, SubgraphDefinition<any>> = {
  payments,
  maps,
  food,
  commerce,
  social,
};
