import type { SubgraphContext } from '../kit/subgraph';
import type { FoodLoaders } from './data/loaders';

export type FoodContext = SubgraphContext<FoodLoaders>;
