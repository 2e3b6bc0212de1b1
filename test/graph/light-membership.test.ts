/**
 * Light membership through the gateway, as a mini-program walks it: what is
 * owed shows on `me` and is paid before joining again, and a cancelled
 * membership's merchant waits out the period it was cancelled in.
 */
import { bearer, postGraphQL, startGraph, type RunningGraph } from '../support/harness';
import { expectLedgerBalanced } from '../support/ledger';

const JOIN = `mutation ($input: LightMembershipJoinInput!) {
  lightMembershipJoin(input: $input) { membership { id status } retryAfter userErrors { code } }
}`;
const CANCEL = `mutation ($input: LightMembershipCancelInput!) {
  lightMembershipCancel(input: $input) { membership { rejoinAfter } settlement { charged } userErrors { code } }
}`;
const STANDING = `{ me { membership { outstandingCharge settlements(first: 3) { id charged status paidAt } } } }`;
const PAY_OWED = `mutation ($input: MembershipSettlementPayInput!) {
  membershipSettlementPay(input: $input) { settlement { status paidAt } userErrors { code } }
}`;

describe('light membership through the gateway', () => {
  let graph: RunningGraph;
  const gql = (
    query: string,
    variables: Record<string, unknown>,
    user: string,
    scopes?: string[],
  ) => postGraphQL(graph.gatewayUrl, query, variables, bearer(user, scopes ? { scopes } : {}));

  beforeAll(async () => {
    graph = await startGraph();
  });
  afterAll(() => graph.close());
  afterEach(() => expectLedgerBalanced(graph.subgraphs.payments.db));

  it('refuses re-joining a merchant right after cancelling, saying from when', async () => {
    const joined = await gql(
      JOIN,
      { input: { merchantId: 'm-freshippo', idempotencyKey: 'gw-join-zhao-fresh-1' } },
      'u-zhao',
    );
    const id = joined.body.data.lightMembershipJoin.membership.id;
    const cancelled = await gql(
      CANCEL,
      { input: { membershipId: id, idempotencyKey: 'gw-cancel-zhao-fresh' } },
      'u-zhao',
    );
    const { rejoinAfter } = cancelled.body.data.lightMembershipCancel.membership;
    expect(Date.parse(rejoinAfter)).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    const again = await gql(
      JOIN,
      { input: { merchantId: 'm-freshippo', idempotencyKey: 'gw-join-zhao-fresh-2' } },
      'u-zhao',
    );
    expect(again.body.data.lightMembershipJoin).toEqual({
      membership: null,
      retryAfter: rejoinAfter,
      userErrors: [{ code: 'REJOIN_TOO_SOON' }],
    });
  });

  it('shows what is owed on me and takes it once, with the membership scope only', async () => {
    const payments = graph.subgraphs.payments.db;
    await payments.query(
      `INSERT INTO light_memberships (id, user_id, merchant_id, status, fee, period_start, period_end, benefits_enjoyed)
       VALUES ('lm-lin-kfc-owed', 'u-lin', 'm-kfc', 'ACTIVE', 1500, now() - interval '31 days', now() - interval '1 day', 700)`,
    );
    const [{ balance }] = (await payments.query<{ balance: number }>(
      "SELECT balance FROM accounts WHERE id = 'wallet:u-lin'",
    )) as [{ balance: number }];
    // A period settled when the wallet could not cover it: owed, and the membership ended.
    await payments.query(
      `INSERT INTO membership_settlements (id, membership_id, period_start, period_end, benefits_enjoyed, charged, status)
       SELECT 'ms-lin-kfc-owed', id, period_start, period_end, 700, 700, 'OUTSTANDING'
         FROM light_memberships WHERE id = 'lm-lin-kfc-owed'`,
    );
    await payments.query(
      "UPDATE light_memberships SET status = 'CANCELLED' WHERE id = 'lm-lin-kfc-owed'",
    );

    const standing = await gql(STANDING, {}, 'u-lin');
    expect(standing.body.data.me.membership.outstandingCharge).toBe(700);
    const refused = await gql(
      JOIN,
      { input: { merchantId: 'm-heytea', idempotencyKey: 'gw-join-lin-heytea' } },
      'u-lin',
    );
    expect(refused.body.data.lightMembershipJoin.userErrors).toEqual([
      { code: 'OUTSTANDING_CHARGE' },
    ]);

    const input = { settlementId: 'ms-lin-kfc-owed', idempotencyKey: 'gw-pay-owed-lin-1' };
    const withoutScope = await gql(PAY_OWED, { input }, 'u-lin', ['profile', 'payments']);
    expect(withoutScope.body.data.membershipSettlementPay).toBeNull();
    expect(withoutScope.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const paid = await gql(PAY_OWED, { input }, 'u-lin');
    expect(paid.body.data.membershipSettlementPay).toEqual({
      settlement: { status: 'CHARGED', paidAt: expect.any(String) },
      userErrors: [],
    });
    const [{ balance: after }] = (await payments.query<{ balance: number }>(
      "SELECT balance FROM accounts WHERE id = 'wallet:u-lin'",
    )) as [{ balance: number }];
    expect(after).toBe(balance - 700);
    // The gateway's caches drop the user's private answers after their mutation.
    const now = await gql(STANDING, {}, 'u-lin');
    expect(now.body.data.me.membership.outstandingCharge).toBe(0);
    const joined = await gql(
      JOIN,
      { input: { merchantId: 'm-heytea', idempotencyKey: 'gw-join-lin-heytea' } },
      'u-lin',
    );
    expect(joined.body.data.lightMembershipJoin.userErrors).toEqual([]);
  });
});
