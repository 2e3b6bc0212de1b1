import type { SubgraphContext } from '../../lib/subgraph';
import type { MapsLoaders } from './data/loaders';

export type MapsContext = SubgraphContext<MapsLoaders>;
