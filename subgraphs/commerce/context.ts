import type { SubgraphContext } from '../kit/subgraph';
import type { CommerceLoaders } from './data/loaders';

export type CommerceContext = SubgraphContext<CommerceLoaders>;
