/**
 * Topping the wallet up from a bound bank card, through the gateway: from the
 * outside world into the wallet in one balanced ledger transaction, once per
 * idempotency key however many requests race, within the per-top-up and daily
 * limits, and only from the user's own card.
 */
import { bearer, postGraphQL, startGraph, type RunningGraph } from '../support/harness';
import { expectLedgerBalanced } from '../support/ledger';

const TOP_UP = `mutation ($input: WalletTopUpInput!) { walletTopUp(input: $input) {
  topUp { id amount fundingSource { id bank last4 } wallet { balance } }
  retryAfter userErrors { code field } } }`;
const BALANCE = '{ me { wallet { balance } fundingSources { id kind bank last4 } } }';

describe('wallet top-ups', () => {
  let graph: RunningGraph;
  let keys = 0;
  const key = () => `top-up-${++keys}`;
  const gql = (query: string, variables: Record<string, unknown> = {}, user = 'demo') =>
    postGraphQL(graph.gatewayUrl, query, variables, bearer(user));
  const topUp = (
    amount: number,
    user = 'demo',
    fundingSourceId = 'fs-demo-icbc',
    idempotencyKey = key(),
  ) => gql(TOP_UP, { input: { fundingSourceId, amount, idempotencyKey } }, user);
  const balance = async (user = 'demo') =>
    (await gql(BALANCE, {}, user)).body.data.me.wallet.balance as number;
  const topUpEntries = async (user: string) =>
    (
      await graph.subgraphs.payments.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ledger_entries e JOIN journal_transactions t ON t.id = e.transaction_id
          WHERE t.kind = 'TOP_UP' AND e.account_id = $1`,
        [`wallet:${user}`],
      )
    )[0]!.n;

  beforeAll(async () => {
    graph = await startGraph();
  });
  afterAll(() => graph.close());
  afterEach(() => expectLedgerBalanced(graph.subgraphs.payments.db));

  it("shows the user's own bank cards, and nobody else's", async () => {
    const { body } = await gql(BALANCE);
    expect(body.data.me.fundingSources).toEqual([
      { id: 'fs-demo-icbc', kind: 'BANK_CARD', bank: '中国工商银行 ICBC', last4: '6222' },
    ]);
    const other = await gql(`{ user(id: "demo") { fundingSources { id } } }`, {}, 'u-lin');
    expect(other.body.data?.user?.fundingSources ?? null).toBeNull();
  });

  it('moves the amount from the bank into the wallet, from one yuan to five thousand a top-up', async () => {
    const before = await balance();
    const smallest = await topUp(100);
    expect(smallest.body.data.walletTopUp).toMatchObject({
      topUp: {
        amount: 100,
        fundingSource: { id: 'fs-demo-icbc', last4: '6222' },
        wallet: { balance: before + 100 },
      },
      userErrors: [],
    });
    expect((await topUp(500_000)).body.data.walletTopUp.userErrors).toEqual([]);
    expect(await balance()).toBe(before + 500_100);
    for (const [amount, code] of [
      [99, 'TOP_UP_TOO_SMALL'],
      [500_001, 'TOP_UP_TOO_LARGE'],
    ] as const) {
      const refused = await topUp(amount);
      expect(refused.body.data.walletTopUp).toEqual({
        topUp: null,
        retryAfter: null,
        userErrors: [{ code, field: ['input', 'amount'] }],
      });
    }
    expect(await balance()).toBe(before + 500_100);
  });

  it("refuses another user's card, and moves nothing", async () => {
    const before = await balance('u-lin');
    const refused = await topUp(1000, 'u-lin', 'fs-demo-icbc');
    expect(refused.body.data.walletTopUp.userErrors).toEqual([
      { code: 'NOT_FOUND', field: ['input', 'fundingSourceId'] },
    ]);
    expect(await balance('u-lin')).toBe(before);
  });

  it('tops up once for twenty requests racing with one key', async () => {
    const before = await balance('u-chen');
    const entries = await topUpEntries('u-chen');
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => topUp(3000, 'u-chen', 'fs-chen-abc', 'top-up-race-chen')),
    );
    const ids = new Set(responses.map((r) => r.body.data.walletTopUp.topUp?.id));
    expect(ids.size).toBe(1);
    expect(await balance('u-chen')).toBe(before + 3000);
    expect(await topUpEntries('u-chen')).toBe(entries + 1);
  });

  it('takes at most twenty thousand yuan a day, however the top-ups race, and says when more may come', async () => {
    // u-lin tops up 5,000 yuan five times at once: four fit the day, the fifth waits for tomorrow.
    const before = await balance('u-lin');
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => topUp(500_000, 'u-lin', 'fs-lin-cmb')),
    );
    const refused = responses.filter((r) => r.body.data.walletTopUp.userErrors.length > 0);
    expect(refused).toHaveLength(1);
    const { retryAfter, userErrors } = refused[0]!.body.data.walletTopUp;
    expect(userErrors).toEqual([{ code: 'DAILY_TOP_UP_LIMIT', field: ['input', 'amount'] }]);
    // Midnight in Asia/Shanghai: 16:00 UTC, within the next day.
    const retry = new Date(retryAfter);
    expect(retry.getUTCHours()).toBe(16);
    expect(retry.getTime() - Date.now()).toBeGreaterThan(0);
    expect(retry.getTime() - Date.now()).toBeLessThanOrEqual(86_400_000);
    expect(await balance('u-lin')).toBe(before + 2_000_000);
    // The day is full to the fen: one more fen is refused too.
    expect((await topUp(100, 'u-lin', 'fs-lin-cmb')).body.data.walletTopUp.userErrors[0].code).toBe(
      'DAILY_TOP_UP_LIMIT',
    );
  });
});
