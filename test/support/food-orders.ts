/**
 * What the food subgraph's order tests share: a mutation's payload, asked of
 * the subgraph as a viewer, and the row counts every order writes, to prove a
 * refusal wrote nothing.
 */
import { postToSubgraph } from './contract';
import type { RunningSubgraph } from './harness';

/** The payload of mutation `name`, which must answer without errors. */
export async function foodMutation(
  subgraph: RunningSubgraph,
  name: string,
  text: string,
  variables: Record<string, unknown>,
  viewerId: string,
) {
  const result = await postToSubgraph(subgraph, text, variables, viewerId);
  expect(result.errors).toBeUndefined();
  return result.data[name];
}

/** Row counts of every table an order writes to. */
export async function foodOrderRows(subgraph: RunningSubgraph) {
  return (
    await subgraph.db.query(
      `SELECT (SELECT count(*) FROM food_orders) AS orders,
              (SELECT count(*) FROM food_order_lines) AS lines,
              (SELECT count(*) FROM food_order_history) AS history,
              (SELECT count(*) FROM idempotency_keys) AS keys`,
    )
  )[0];
}

/**
 * Runs `work` while the lakeside KFC (round the clock in the seed) is closed:
 * its one window opens an hour from now and closes an hour later. Then it
 * never closes again.
 */
export async function whileKfcHubinClosed(subgraph: RunningSubgraph, work: () => Promise<void>) {
  await subgraph.db.query(
    `UPDATE restaurant_hours
        SET opens_at = (now() AT TIME ZONE 'Asia/Shanghai')::time + interval '1 hour',
            closes_at = (now() AT TIME ZONE 'Asia/Shanghai')::time + interval '2 hours'
      WHERE store_id = 'store-kfc-hubin'`,
  );
  try {
    await work();
  } finally {
    await subgraph.db.query(
      `UPDATE restaurant_hours SET opens_at = '00:00', closes_at = '24:00'
        WHERE store_id = 'store-kfc-hubin'`,
    );
  }
}
