import type { SubgraphContext } from '../kit/subgraph';
import type { SocialLoaders } from './data/loaders';

export type SocialContext = SubgraphContext<SocialLoaders>;
