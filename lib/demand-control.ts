/**
 * The demand-control directives of the IBM GraphQL cost specification, as
 * Apollo Router and Hive read them: `@cost(weight:)` on fields, types and
 * arguments, and `@listSize(assumedSize:, slicingArguments:, sizedFields:,
 * requireOneSlicingArgument:)` on list fields. Subgraphs import them through
 * their federation `@link` (v2.9); composition carries them into the
 * supergraph under `@link(url: "https://specs.apollo.dev/cost/v0.1")`.
 *
 * Hutong reads one more thing into them: on a field with slicing arguments,
 * `assumedSize` is the largest page the field serves. A larger page size is
 * served as that many (the gateway counts it so, and the subgraph's resolver
 * gets it clamped), a page size below 1 is refused, and a null one is served
 * as the argument's default, as if it were left out, so that gateway and
 * subgraph agree from the same line of the schema.
 */
import {
  defaultFieldResolver,
  GraphQLError,
  isObjectType,
  isTypeDefinitionNode,
  isTypeExtensionNode,
  Kind,
  type ConstDirectiveNode,
  type DocumentNode,
  type GraphQLSchema,
  type ValueNode,
} from 'graphql';

const COST_SPEC = 'https://specs.apollo.dev/cost/';
const FEDERATION_SPEC = 'https://specs.apollo.dev/federation/';

export interface ListSize {
  assumedSize?: number;
  slicingArguments: string[];
  sizedFields: string[];
  requireOneSlicingArgument: boolean;
}

export interface DemandControl {
  /** `@cost` on a field: its weight instead of its type's. */
  fieldWeight(typeName: string, fieldName: string): number | undefined;
  /** `@cost` on an object, scalar or enum type. */
  typeWeight(typeName: string): number | undefined;
  /** `@cost` on a field's argument, added when the argument is given. */
  argumentWeight(typeName: string, fieldName: string, argumentName: string): number | undefined;
  listSize(typeName: string, fieldName: string): ListSize | undefined;
}

/** The names `@cost` and `@listSize` go by in a schema, following its `@link`s. */
function directiveNames(document: DocumentNode): { cost: string; listSize: string } | undefined {
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.SCHEMA_DEFINITION && definition.kind !== Kind.SCHEMA_EXTENSION)
      continue;
    for (const link of definition.directives ?? []) {
      if (link.name.value !== 'link') continue;
      const url = stringArgument(link, 'url');
      if (url?.startsWith(COST_SPEC)) {
        // A supergraph: the spec's own directive is @<name>, the other @<name>__listSize unless imported.
        const name = stringArgument(link, 'as') ?? 'cost';
        const imports = importedNames(link);
        return {
          cost: imports.get('@cost') ?? name,
          listSize: imports.get('@listSize') ?? `${name}__listSize`,
        };
      }
      if (url?.startsWith(FEDERATION_SPEC)) {
        // A subgraph: federation's directives, imported or prefixed with its name.
        const name = stringArgument(link, 'as') ?? 'federation';
        const imports = importedNames(link);
        return {
          cost: imports.get('@cost') ?? `${name}__cost`,
          listSize: imports.get('@listSize') ?? `${name}__listSize`,
        };
      }
    }
  }
  return undefined;
}

function argumentValue(directive: ConstDirectiveNode, name: string): ValueNode | undefined {
  return directive.arguments?.find((argument) => argument.name.value === name)?.value;
}

function stringArgument(directive: ConstDirectiveNode, name: string): string | undefined {
  const value = argumentValue(directive, name);
  return value?.kind === Kind.STRING ? value.value : undefined;
}

function intArgument(directive: ConstDirectiveNode, name: string): number | undefined {
  const value = argumentValue(directive, name);
  return value?.kind === Kind.INT ? Number(value.value) : undefined;
}

function stringListArgument(directive: ConstDirectiveNode, name: string): string[] {
  const value = argumentValue(directive, name);
  if (value?.kind === Kind.STRING) return [value.value];
  if (value?.kind !== Kind.LIST) return [];
  return value.values.flatMap((item) => (item.kind === Kind.STRING ? [item.value] : []));
}

/** `import: ["@a", { name: "@b", as: "@c" }]` as the names used in the schema, without "@". */
function importedNames(link: ConstDirectiveNode): Map<string, string> {
  const names = new Map<string, string>();
  const value = argumentValue(link, 'import');
  if (value?.kind !== Kind.LIST) return names;
  for (const item of value.values) {
    if (item.kind === Kind.STRING) names.set(item.value, item.value.slice(1));
    if (item.kind === Kind.OBJECT) {
      const field = (key: string) => {
        const found = item.fields.find((f) => f.name.value === key)?.value;
        return found?.kind === Kind.STRING ? found.value : undefined;
      };
      const name = field('name');
      if (name) names.set(name, (field('as') ?? name).slice(1));
    }
  }
  return names;
}

/** Reads the demand-control directives of a supergraph or a subgraph schema. */
export function readDemandControl(document: DocumentNode): DemandControl {
  const fieldWeights = new Map<string, number>();
  const typeWeights = new Map<string, number>();
  const argumentWeights = new Map<string, number>();
  const listSizes = new Map<string, ListSize>();
  const names = directiveNames(document);
  if (names) {
    const weightOf = (directives: readonly ConstDirectiveNode[] | undefined) => {
      const cost = directives?.find((d) => d.name.value === names.cost);
      return cost && intArgument(cost, 'weight');
    };
    for (const definition of document.definitions) {
      if (!isTypeDefinitionNode(definition) && !isTypeExtensionNode(definition)) continue;
      const typeName = definition.name.value;
      const typeWeight = weightOf(definition.directives);
      if (typeWeight !== undefined) typeWeights.set(typeName, typeWeight);
      if (!('fields' in definition) || !definition.fields) continue;
      for (const field of definition.fields) {
        const key = `${typeName}.${field.name.value}`;
        const weight = weightOf(field.directives);
        if (weight !== undefined) fieldWeights.set(key, weight);
        if ('arguments' in field) {
          for (const argument of field.arguments ?? []) {
            const argumentWeight = weightOf(argument.directives);
            if (argumentWeight !== undefined)
              argumentWeights.set(`${key}(${argument.name.value})`, argumentWeight);
          }
        }
        const listSize = field.directives?.find((d) => d.name.value === names.listSize);
        if (listSize) {
          const requireOne = argumentValue(listSize, 'requireOneSlicingArgument');
          const assumedSize = intArgument(listSize, 'assumedSize');
          listSizes.set(key, {
            ...(assumedSize !== undefined ? { assumedSize } : {}),
            slicingArguments: stringListArgument(listSize, 'slicingArguments'),
            sizedFields: stringListArgument(listSize, 'sizedFields'),
            requireOneSlicingArgument: requireOne?.kind === Kind.BOOLEAN ? requireOne.value : true,
          });
        }
      }
    }
  }
  return {
    fieldWeight: (type, field) => fieldWeights.get(`${type}.${field}`),
    typeWeight: (type) => typeWeights.get(type),
    argumentWeight: (type, field, argument) => argumentWeights.get(`${type}.${field}(${argument})`),
    listSize: (type, field) => listSizes.get(`${type}.${field}`),
  };
}

/** Page-size arguments the schema does not declare are still known by these names. */
const CONVENTIONAL_PAGE_SIZES = ['first', 'last', 'limit'];

/** The arguments of a field that size its page: its slicing arguments, or the usual names. */
export function pageSizeArguments(
  listSize: ListSize | undefined,
  argumentNames: string[],
): string[] {
  if (listSize && listSize.slicingArguments.length > 0) return listSize.slicingArguments;
  return argumentNames.filter((name) => CONVENTIONAL_PAGE_SIZES.includes(name));
}

/**
 * The page a field serves for a page size the client gave: refused below 1
 * (a negative size would also cancel the cost of everything beside it),
 * clamped to the field's largest page above it.
 */
export function servedPageSize(
  size: number,
  argument: string,
  field: string,
  listSize: ListSize | undefined,
): number {
  if (!Number.isInteger(size) || size < 1) {
    throw new GraphQLError(`${argument} on ${field} must be a page size of at least 1`, {
      extensions: { code: 'BAD_USER_INPUT', argument, http: { status: 400 } },
    });
  }
  const largest = listSize?.slicingArguments.includes(argument) ? listSize.assumedSize : undefined;
  return largest !== undefined && size > largest ? largest : size;
}

/**
 * Makes a subgraph's resolvers see the page sizes the gateway counted: each
 * field with slicing arguments gets them clamped to its largest page, a null
 * one as the argument's default (graphql-js hands a resolver the null a client
 * wrote, or a variable's null, instead of the default; SQL's `LIMIT NULL` is
 * every row), and a page size below 1 is refused before the resolver runs.
 */
export function servePageSizes(schema: GraphQLSchema, typeDefs: DocumentNode): GraphQLSchema {
  const demand = readDemandControl(typeDefs);
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const listSize = demand.listSize(type.name, field.name);
      const sizes = pageSizeArguments(
        listSize,
        field.args.map((argument) => argument.name),
      );
      if (sizes.length === 0) continue;
      const resolve = field.resolve ?? defaultFieldResolver;
      const fieldName = `${type.name}.${field.name}`;
      const defaults = new Map(
        field.args.map((argument) => [argument.name, argument.defaultValue]),
      );
      field.resolve = (source, args: Record<string, unknown>, context, info) => {
        let served = args;
        for (const argument of sizes) {
          let size = args[argument];
          if (size === null) {
            // As if left out: the default, or no argument at all where there is none.
            size = defaults.get(argument);
            const { [argument]: _null, ...others } = served;
            served = size === undefined ? others : { ...others, [argument]: size };
          }
          if (typeof size !== 'number') continue;
          const page = servedPageSize(size, argument, fieldName, listSize);
          if (page !== size) served = { ...served, [argument]: page };
        }
        return resolve(source, served, context, info);
      };
    }
  }
  return schema;
}
