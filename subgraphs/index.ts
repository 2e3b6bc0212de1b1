import type { SubgraphName } from '../lib/config';
import type { SubgraphDefinition } from './kit/subgraph';
import { commerce } from './commerce/server';
import { food } from './food/server';
import { maps } from './maps/server';
import { payments } from './payments/server';
import { social } from './social/server';

/** Every subgraph of the graph, in the order they start. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each has loaders of its own type
export const SUBGRAPHS: Record<SubgraphName, SubgraphDefinition<any>> = {
  payments,
  maps,
  food,
  commerce,
  social,
};
