/**
 * The contract every subgraph keeps with the graph: its printed SDL is the
 * committed one, each entity resolves through `_entities` in one batch,
 * every list says how long it runs (the gateway's cost limit reads it), an
 * oversized page is served as the field's largest, and errors carry a code
 * clients can act on.
 */
import fs from 'node:fs';
import { printSubgraphSchema } from '@apollo/subgraph';
import { getNullableType, isListType, isObjectType } from 'graphql';
import { pageSizeArguments, readDemandControl } from '../../lib/demand-control';
import { buildSchema, type SubgraphDefinition } from '../../subgraphs/kit/subgraph';
import { checkSubgraphSchema } from '../../schema/check';
import { subgraphSchemaFile } from '../../schema/compose';
import { TEST_VIEWER_HEADER as VIEWER_HEADER } from './harness';
import { postGraphQL, startSubgraph, type RunningSubgraph } from './harness';

export const BATCH_SIZE = 50;

export interface EntityCase {
  typename: string;
  /** Representations of seeded entities (without __typename); they must resolve. */
  known: Record<string, unknown>[];
  /** A representation of an entity that does not exist, to fill the batch to 50. */
  missing: (i: number) => Record<string, unknown>;
  selection: string;
  /** The viewer the request speaks for, for private fields. */
  viewerId?: string;
  /** SQL statements the batch may cost: one, unless nothing needs the database. */
  roundTrips?: number;
  /** Checks the first known entity's data. */
  expectFirst?: (entity: any) => void;
}

export interface ErrorCase {
  name: string;
  query: string;
  viewerId?: string;
  code: string;
}

/**
 * A page larger than the field serves: answered as its largest page (the
 * `assumedSize` of its `@listSize`), as the gateway counted it, not refused.
 */
export interface PageCase {
  name: string;
  /** The operation with the page size in place of `$first`. */
  query: (first: number) => string;
  viewerId?: string;
  /** The list the page size sizes, from the answer's data. */
  list: (data: any) => unknown[];
  largest: number;
}

export async function postToSubgraph(
  subgraph: RunningSubgraph,
  query: string,
  variables: Record<string, unknown> = {},
  viewerId?: string,
): Promise<{ data?: any; errors?: any[] }> {
  const response = await postGraphQL(
    subgraph.url,
    query,
    variables,
    viewerId ? { [VIEWER_HEADER]: viewerId } : {},
  );
  return response.body;
}

export function describeSubgraphContract(
  definition: SubgraphDefinition<any>,
  contract: { entities: EntityCase[]; errors: ErrorCase[]; pages?: PageCase[] },
): void {
  describe(`${definition.name} subgraph contract`, () => {
    let subgraph: RunningSubgraph;
    beforeAll(async () => {
      subgraph = await startSubgraph(definition);
    });
    afterAll(async () => {
      await subgraph.service.close();
      await subgraph.db.close();
    });

    it(`prints the SDL committed in schema/${definition.name}.graphql`, async () => {
      const committed = fs.readFileSync(subgraphSchemaFile(definition.name), 'utf8');
      expect(printSubgraphSchema(buildSchema(definition))).toBe(committed);
    });

    it('breaks no client operation', () => {
      const report = checkSubgraphSchema({ subgraph: definition.name });
      expect({
        compositionErrors: report.compositionErrors,
        brokenOperations: report.brokenOperations,
      }).toEqual({ compositionErrors: [], brokenOperations: [] });
    });

    it.each(contract.entities.map((c) => [`${c.typename} { ${c.selection} }`, c] as const))(
      `resolves ${BATCH_SIZE} representations of %s through _entities in one batch`,
      async (_, entity) => {
        const representations = [
          ...entity.known,
          ...Array.from({ length: BATCH_SIZE - entity.known.length }, (_, i) => entity.missing(i)),
        ].map((rep) => ({ __typename: entity.typename, ...rep }));
        const before = subgraph.db.roundTrips;
        const result = await postToSubgraph(
          subgraph,
          `query ($representations: [_Any!]!) {
            _entities(representations: $representations) { ... on ${entity.typename} { ${entity.selection} } }
          }`,
          { representations },
          entity.viewerId,
        );
        const roundTrips = subgraph.db.roundTrips - before;
        expect(result.errors).toBeUndefined();
        expect(result.data._entities).toHaveLength(BATCH_SIZE);
        for (let i = 0; i < entity.known.length; i++)
          expect(result.data._entities[i]).not.toBeNull();
        entity.expectFirst?.(result.data._entities[0]);
        expect(roundTrips).toBe(entity.roundTrips ?? 1);
      },
    );

    it('declares the size of every list and the largest page of every page size', () => {
      const schema = buildSchema(definition);
      const demand = readDemandControl(definition.typeDefs);
      const undeclared: string[] = [];
      for (const type of Object.values(schema.getTypeMap())) {
        if (!isObjectType(type) || type.name.startsWith('_')) continue;
        for (const field of Object.values(type.getFields())) {
          if (field.name.startsWith('_')) continue;
          const listSize = demand.listSize(type.name, field.name);
          const name = `${type.name}.${field.name}`;
          if (isListType(getNullableType(field.type)) && listSize?.assumedSize === undefined)
            undeclared.push(`${name} has no @listSize(assumedSize:)`);
          for (const argument of pageSizeArguments(
            undefined,
            field.args.map((a) => a.name),
          )) {
            if (!listSize?.slicingArguments.includes(argument) || !listSize.assumedSize)
              undeclared.push(`${name}(${argument}) is not a slicing argument with a largest page`);
          }
        }
      }
      expect(undeclared).toEqual([]);
    });

    it.each((contract.pages ?? []).map((c) => [c.name, c] as const))(
      'serves %s as its largest page',
      async (_, page) => {
        const largest = await postToSubgraph(subgraph, page.query(page.largest), {}, page.viewerId);
        expect(largest.errors).toBeUndefined();
        expect(page.list(largest.data).length).toBeLessThanOrEqual(page.largest);
        for (const oversized of [page.largest + 1, page.largest * 10, 2_147_483_647]) {
          const answer = await postToSubgraph(subgraph, page.query(oversized), {}, page.viewerId);
          expect(answer).toEqual(largest);
        }
      },
    );

    it.each(contract.errors.map((c) => [c.name, c] as const))(
      'answers %s with an error code and no internals',
      async (_, error) => {
        const result = await postToSubgraph(subgraph, error.query, {}, error.viewerId);
        expect(result.errors?.[0]?.extensions?.code).toBe(error.code);
        expect(JSON.stringify(result.errors)).not.toMatch(/stacktrace|\.ts:\d+|SELECT /);
      },
    );
  });
}
