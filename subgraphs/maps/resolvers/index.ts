import { BusinessArea } from './BusinessArea';
import { Query } from './Query';
import { Store } from './Store';

export const resolvers = { Query, Store, BusinessArea };
