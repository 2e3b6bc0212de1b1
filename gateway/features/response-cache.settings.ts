/** The settings of the responseCache feature (response-cache.ts): name, schema, default and doc of each. */
import { bool } from '../../lib/config';
import { setting } from '../../lib/settings';

export const CACHE_RESPONSES = setting({
  name: 'HUTONG_CACHE_RESPONSES',
  schema: bool,
  default: true,
  doc: 'the response cache of whole query responses',
});
