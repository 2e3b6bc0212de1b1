import type { SubgraphContext } from '../kit/subgraph';
import type { MapsLoaders } from './data/loaders';

export type MapsContext = SubgraphContext<MapsLoaders>;
