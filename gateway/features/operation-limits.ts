/**
 * Operation limits checked before planning (gateway/plugins/limits.ts): the
 * parser's token cap, then depth, aliases, directives and root fields as
 * validation rules, and what the schema tells strangers about itself.
 */
import { bool, positiveInt } from '../../lib/config';
import { inProduction, setting } from '../../lib/settings';
import { operationLimitRules } from '../plugins/limits';
import type { GatewayFeature } from './feature';

export const MAX_TOKENS = setting({
  name: 'HUTONG_MAX_TOKENS',
  schema: positiveInt,
  default: 2000,
  doc: 'tokens the parser reads of an operation before it refuses it',
});
export const MAX_DEPTH = setting({
  name: 'HUTONG_MAX_DEPTH',
  schema: positiveInt,
  default: 10,
  doc: 'deepest field nesting',
});
export const MAX_ALIASES = setting({
  name: 'HUTONG_MAX_ALIASES',
  schema: positiveInt,
  default: 30,
  doc: 'aliases in one operation',
});
export const MAX_DIRECTIVES = setting({
  name: 'HUTONG_MAX_DIRECTIVES',
  schema: positiveInt,
  default: 20,
  doc: 'directives in one operation',
});
export const MAX_ROOT_FIELDS = setting({
  name: 'HUTONG_MAX_ROOT_FIELDS',
  schema: positiveInt,
  default: 10,
  doc: 'root fields in one operation',
});
export const INTROSPECTION = setting({
  name: 'HUTONG_INTROSPECTION',
  schema: bool,
  default: inProduction(false, true),
  doc: 'schema introspection',
});
export const FIELD_SUGGESTIONS = setting({
  name: 'HUTONG_FIELD_SUGGESTIONS',
  schema: bool,
  default: inProduction(false, true),
  doc: '"Did you mean ...?" in validation and variable errors',
});

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
