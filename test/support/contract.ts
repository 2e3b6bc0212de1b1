/**
 * The contract every subgraph keeps with the graph: its printed SDL is the
 * committed one, each entity resolves through `_entities` in one batch, and
 * errors carry a code clients can act on.
 */
import fs from 'node:fs';
import { printSubgraphSchema } from '@apollo/subgraph';
import { buildSchema, type SubgraphDefinition } from '../../lib/subgraph';
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
  contract: { entities: EntityCase[]; errors: ErrorCase[] },
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
