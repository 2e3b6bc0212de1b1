/** The settings of the operation-limit features (operation-limits.ts): name, schema, default and doc of each. */
import { bool, positiveInt } from '../../lib/config';
import { inProduction, setting } from '../../lib/settings';

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
