import type { SubgraphContext } from '../../lib/subgraph';
import type { SocialLoaders } from './data/loaders';

export type SocialContext = SubgraphContext<SocialLoaders>;
