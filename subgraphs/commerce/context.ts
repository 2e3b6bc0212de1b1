import type { SubgraphContext } from '../../lib/subgraph';
import type { CommerceLoaders } from './data/loaders';

export type CommerceContext = SubgraphContext<CommerceLoaders>;
