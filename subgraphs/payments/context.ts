import type { SubgraphContext } from '../../lib/subgraph';
import type { PaymentsLoaders } from './data/loaders';

export type PaymentsContext = SubgraphContext<PaymentsLoaders>;
