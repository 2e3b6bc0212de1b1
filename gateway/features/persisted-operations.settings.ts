/** The settings of the persistedOperations feature (persisted-operations.ts): name, schema, default and doc of each. */
import { z } from 'zod';
import { bool, positiveInt, url } from '../../lib/config';
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
  doc: 'the persisted-operation manifest the gateway serves (`npm run compose` writes it), reloaded when it changes',
});
export const PERSISTED_OPERATIONS_URL = setting<string | undefined>({
  name: 'HUTONG_PERSISTED_OPERATIONS_URL',
  schema: url,
  default: undefined,
  doc: 'fetch the manifest from here instead, every `HUTONG_PERSISTED_OPERATIONS_POLL_MS`, with its `ETag`',
});
export const PERSISTED_OPERATIONS_POLL_MS = setting({
  name: 'HUTONG_PERSISTED_OPERATIONS_POLL_MS',
  schema: positiveInt,
  default: 10_000,
  doc: 'how often the manifest file is checked besides file events, or its URL fetched',
});
