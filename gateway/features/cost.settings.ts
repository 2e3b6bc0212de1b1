/** The settings of the cost feature (cost.ts): name, schema, default and doc of each. */
import { positiveInt } from '../../lib/config';
import { setting } from '../../lib/settings';

export const MAX_COST = setting({
  name: 'HUTONG_MAX_COST',
  schema: positiveInt,
  default: 5000,
  doc: 'list-aware cost limit (the home query costs about 180)',
});
export const MAX_ANSWER_VALUES = setting({
  name: 'HUTONG_MAX_ANSWER_VALUES',
  schema: positiveInt,
  default: 10000,
  doc: 'values an answer may hold, every field of every object by the same list sizes (the home query about 520)',
});
export const ASSUMED_LIST_SIZE = setting({
  name: 'HUTONG_ASSUMED_LIST_SIZE',
  schema: positiveInt,
  default: 20,
  doc: 'the size of a list no schema sizes, for the cost',
});
