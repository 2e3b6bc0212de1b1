/**
 * Operation limits checked before planning (gateway/plugins/limits.ts): the
 * parser's token cap, then depth, aliases, directives and root fields as
 * validation rules, and what the schema tells strangers about itself.
 */
import { operationLimitRules } from '../plugins/limits';
import type { GatewayFeature } from './feature';
import {
  MAX_TOKENS,
  MAX_DEPTH,
  MAX_ALIASES,
  MAX_DIRECTIVES,
  MAX_ROOT_FIELDS,
  INTROSPECTION,
  FIELD_SUGGESTIONS,
} from './operation-limits.settings';

/** The parser stops at the token cap, before any validation rule runs. */
export const tokenCap: GatewayFeature = {
  name: 'tokenCap',
  doc: 'the parser refuses an operation longer than the token cap',
  settings: [MAX_TOKENS],
  use: (config) => ({ parseOptions: { maxTokens: config.limits.maxTokens } }),
};

export const validationLimits: GatewayFeature = {
  name: 'validationLimits',
  doc: 'depth, aliases, directives and root fields, checked as validation rules',
  settings: [MAX_DEPTH, MAX_ALIASES, MAX_DIRECTIVES, MAX_ROOT_FIELDS],
  use: (config) => ({ validationRules: operationLimitRules(config.limits) }),
};

/** Introspection and "did you mean" describe the schema to strangers: off in production. */
export const schemaDisclosure: GatewayFeature = {
  name: 'schemaDisclosure',
  doc: 'introspection and field suggestions, off in production',
  settings: [INTROSPECTION, FIELD_SUGGESTIONS],
  use: (config) => ({
    apolloOptions: {
      introspection: config.introspection,
      hideSchemaDetailsFromClientErrors: !config.fieldSuggestions,
    },
  }),
};
