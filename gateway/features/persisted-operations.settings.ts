/** The settings of the persistedOperations feature (persisted-operations.ts): name, schema, default and doc of each. */
import { z } from 'zod';
import { bool } from '../../lib/config';
import { inProduction, setting } from '../../lib/settings';

export const PERSISTED_ONLY = setting({
  name: 'HUTONG_PERSISTED_ONLY',
  schema: bool,
  default: inProduction(true, false),
  doc: 'serve only the operations of `schema/persisted-operations.json`',
});
export const PERSISTED_OPERATIONS = setting({
  name: 'HUTONG_PERSISTED_OPERATIONS',
  schema: z.string(),
  default: 'schema/persisted-operations.json',
  doc: 'the persisted-operation manifest the gateway serves (`npm run compose` writes it)',
});
