import type { SubgraphContext } from '../kit/subgraph';
import type { PaymentsLoaders } from './data/loaders';

export type PaymentsContext = SubgraphContext<PaymentsLoaders>;
