import type { SubgraphContext } from '../../lib/subgraph';
import type { FoodLoaders } from './data/loaders';

export type FoodContext = SubgraphContext<FoodLoaders>;
