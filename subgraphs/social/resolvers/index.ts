import { DateTimeScalar } from '../../../lib/scalars';
import { Post } from './Post';
import { Query } from './Query';
import { Store } from './Store';
import { Topic } from './Topic';
import { User } from './User';

export const resolvers = { DateTime: DateTimeScalar, Query, Topic, Store, User, Post };
