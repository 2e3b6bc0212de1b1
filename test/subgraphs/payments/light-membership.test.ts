/**
 * Light membership, enjoy first and pay later: joining on credit, settling each
 * period exactly once however the job runs, cancelling pro rata, and the
 * member tiers a merchant maps from the wallet's.
 */
import { TEST_VIEWER_HEADER as VIEWER_HEADER } from '../../support/harness';
import {
  settleDueMemberships,
  settleMembership,
} from '../../../subgraphs/payments/data/memberships';
import { postTransaction, walletAccount } from '../../../subgraphs/payments/data/ledger';
import { payments } from '../../../subgraphs/payments/server';
import {
  postGraphQL,
  startSubgraph,
  storageModes,
  type RunningSubgraph,
} from '../../support/harness';
import { expectLedgerBalanced } from '../../support/ledger';

const JOIN = `mutation ($input: LightMembershipJoinInput!) {
  lightMembershipJoin(input: $input) {
    membership { id status fee discountPercent benefitsEnjoyed nextSettlementCharge merchant { id } }
    userErrors { code message }
  }
}`;

const CANCEL = `mutation ($input: LightMembershipCancelInput!) {
  lightMembershipCancel(input: $input) {
    membership { id status }
    settlement { charged benefitsEnjoyed status }
    userErrors { code }
  }
}`;

describe.each(storageModes())('light membership on %s', (storage) => {
  let subgraph: RunningSubgraph;
  beforeAll(async () => {
    subgraph = await startSubgraph(payments, storage);
  });
  afterAll(async () => {
    await subgraph.service.close();
    await subgraph.db.close();
  });
  afterEach(() => expectLedgerBalanced(subgraph.db));

  const call = (query: string, variables: Record<string, unknown>, viewer: string) =>
    postGraphQL(subgraph.url, query, variables, { [VIEWER_HEADER]: viewer });
  const balanceOf = async (userId: string) =>
    (
      await subgraph.db.query<{ balance: number }>('SELECT balance FROM accounts WHERE id = $1', [
        `wallet:${userId}`,
      ])
    )[0]!.balance;
  /** Moves a membership's period so that it ended `daysAgo` days ago, with the benefits given. */
  const endPeriod = (id: string, benefits: number) =>
    subgraph.db.query(
      `UPDATE light_memberships
          SET period_start = now() - interval '31 days', period_end = now() - interval '1 day', benefits_enjoyed = $2
        WHERE id = $1`,
      [id, benefits],
    );

  it('lets a user whose credit score clears the threshold join with nothing paid', async () => {
    const balance = await balanceOf('u-zhao');
    const { body } = await call(
      JOIN,
      { input: { merchantId: 'm-heytea', idempotencyKey: 'join-zhao-heytea' } },
      'u-zhao',
    );
    expect(body.data.lightMembershipJoin).toMatchObject({
      membership: {
        status: 'ACTIVE',
        fee: 1000,
        discountPercent: 15,
        benefitsEnjoyed: 0,
        nextSettlementCharge: 0,
      },
      userErrors: [],
    });
    expect(await balanceOf('u-zhao')).toBe(balance);
  });

  it('refuses a user below the threshold, and a second membership at the same merchant', async () => {
    // u-chen scores 540; KFC asks for 550.
    const low = await call(
      JOIN,
      { input: { merchantId: 'm-kfc', idempotencyKey: 'join-chen-kfc-1' } },
      'u-chen',
    );
    expect(low.body.data.lightMembershipJoin.userErrors[0].code).toBe('NOT_ELIGIBLE');
    const again = await call(
      JOIN,
      { input: { merchantId: 'm-kfc', idempotencyKey: 'join-demo-kfc-2' } },
      'demo',
    );
    expect(again.body.data.lightMembershipJoin.userErrors[0].code).toBe('ALREADY_MEMBER');
    const none = await call(
      JOIN,
      { input: { merchantId: 'm-louwailou', idempotencyKey: 'join-demo-lwl-1' } },
      'demo',
    );
    expect(none.body.data.lightMembershipJoin.userErrors[0].code).toBe('NO_PROGRAMME');
  });

  it('settles an ended period exactly once even when the job runs three times at once', async () => {
    await endPeriod('lm-demo-kfc', 1240);
    const balance = await balanceOf('demo');
    const runs = await Promise.all([
      settleDueMemberships(subgraph.db),
      settleDueMemberships(subgraph.db),
      settleMembership(subgraph.db, 'lm-demo-kfc'),
    ]);
    const charged = runs.flat().filter((o) => o !== null);
    expect(charged.map((o) => o!.charged)).toEqual([1240]);
    expect(await balanceOf('demo')).toBe(balance - 1240);
    const settlements = await subgraph.db.query(
      'SELECT charged FROM membership_settlements WHERE membership_id = $1',
      ['lm-demo-kfc'],
    );
    expect(settlements).toEqual([{ charged: 1240 }]);
    // The next period starts empty and is not yet due.
    const [next] = await subgraph.db.query<{ benefits_enjoyed: number; due: boolean }>(
      'SELECT benefits_enjoyed, period_end <= now() AS due FROM light_memberships WHERE id = $1',
      ['lm-demo-kfc'],
    );
    expect(next).toEqual({ benefits_enjoyed: 0, due: false });
    expect(await settleDueMemberships(subgraph.db)).toEqual([]);
  });

  it('charges the fee and no more when the benefits exceeded it', async () => {
    await endPeriod('lm-demo-heytea', 1800);
    const balance = await balanceOf('demo');
    const [outcome] = await settleDueMemberships(subgraph.db);
    expect(outcome).toMatchObject({ charged: 1000, status: 'CHARGED' });
    expect(await balanceOf('demo')).toBe(balance - 1000);
  });

  it('charges nothing to a member who saved nothing', async () => {
    await endPeriod('lm-lin-atour', 0);
    const balance = await balanceOf('u-lin');
    const [outcome] = await settleDueMemberships(subgraph.db);
    expect(outcome).toMatchObject({ charged: 0, status: 'CHARGED' });
    expect(await balanceOf('u-lin')).toBe(balance);
  });

  it('records what a wallet cannot cover as outstanding and ends the membership', async () => {
    await subgraph.db.query(
      `INSERT INTO light_memberships (id, user_id, merchant_id, status, fee, period_start, period_end, benefits_enjoyed)
       VALUES ('lm-chen-atour', 'u-chen', 'm-atour', 'ACTIVE', 9900, now() - interval '31 days', now() - interval '1 day', 5000)`,
    );
    const balance = await balanceOf('u-chen');
    const [outcome] = await settleDueMemberships(subgraph.db);
    expect(outcome).toMatchObject({ charged: 5000, status: 'OUTSTANDING' });
    expect(await balanceOf('u-chen')).toBe(balance);
    const [row] = await subgraph.db.query('SELECT status FROM light_memberships WHERE id = $1', [
      'lm-chen-atour',
    ]);
    expect(row).toEqual({ status: 'CANCELLED' });
  });

  it('settles a cancellation at once against the fee pro rata', async () => {
    // Nine and a half days (ten begun) into a 30-day period of a 1800 fen programme, 900 fen of benefits: the fee is cut to 600.
    await subgraph.db.query(
      `INSERT INTO light_memberships (id, user_id, merchant_id, status, fee, period_start, period_end, benefits_enjoyed)
       VALUES ('lm-wang-freshippo', 'u-wang', 'm-freshippo', 'ACTIVE', 1800,
               now() - interval '9 days 12 hours', now() + interval '20 days 12 hours', 900)`,
    );
    const balance = await balanceOf('u-wang');
    const input = { membershipId: 'lm-wang-freshippo', idempotencyKey: 'cancel-wang-fresh' };
    const { body } = await call(CANCEL, { input }, 'u-wang');
    expect(body.data.lightMembershipCancel).toEqual({
      membership: { id: 'lm-wang-freshippo', status: 'CANCELLED' },
      settlement: { charged: 600, benefitsEnjoyed: 900, status: 'CHARGED' },
      userErrors: [],
    });
    expect(await balanceOf('u-wang')).toBe(balance - 600);
    const twice = await call(
      CANCEL,
      { input: { ...input, idempotencyKey: 'cancel-wang-again' } },
      'u-wang',
    );
    expect(twice.body.data.lightMembershipCancel.userErrors).toEqual([{ code: 'NOT_ACTIVE' }]);
    const someoneElse = await call(
      CANCEL,
      { input: { ...input, idempotencyKey: 'cancel-by-other' } },
      'demo',
    );
    expect(someoneElse.body.data.lightMembershipCancel.userErrors).toEqual([{ code: 'NOT_FOUND' }]);
  });

  describe('closing the loop: what is owed is paid before joining, and a cancel waits out its period', () => {
    const PAY_OWED = `mutation ($input: MembershipSettlementPayInput!) {
      membershipSettlementPay(input: $input) { settlement { id charged status paidAt } userErrors { code } }
    }`;
    const STANDING = `{ me { membership {
      outstandingCharge settlements(first: 5) { id charged status paidAt membership { id } }
    } } }`;
    const JOIN_AGAIN = `mutation ($input: LightMembershipJoinInput!) {
      lightMembershipJoin(input: $input) { membership { id status } retryAfter userErrors { code } }
    }`;
    const topUp = (userId: string, amount: number) =>
      subgraph.db.transaction((tx) =>
        postTransaction(tx, {
          kind: 'TOP_UP',
          reference: `test top-up ${userId}`,
          postings: [
            { accountId: walletAccount(userId), amount },
            { accountId: 'funding:bank', amount: -amount },
          ],
        }),
      );
    const membershipsOf = async (userId: string) =>
      (
        await subgraph.db.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM light_memberships WHERE user_id = $1',
          [userId],
        )
      )[0]!.n;

    it('shows an outstanding charge on me, refuses joining until it is paid, and takes it once', async () => {
      // u-chen owes 5000 fen from the Atour period their wallet could not cover (above).
      await subgraph.db.query("UPDATE credit_scores SET score = 700 WHERE user_id = 'u-chen'");
      const standing = await call(STANDING, {}, 'u-chen');
      const owed = standing.body.data.me.membership;
      expect(owed.outstandingCharge).toBe(5000);
      expect(owed.settlements[0]).toMatchObject({
        charged: 5000,
        status: 'OUTSTANDING',
        paidAt: null,
        membership: { id: 'lm-chen-atour' },
      });
      const joinInput = { merchantId: 'm-kfc', idempotencyKey: 'join-chen-kfc-1' };
      const refused = await call(JOIN_AGAIN, { input: joinInput }, 'u-chen');
      expect(refused.body.data.lightMembershipJoin.userErrors).toEqual([
        { code: 'OUTSTANDING_CHARGE' },
      ]);
      const memberships = await membershipsOf('u-chen');

      const settlementId = owed.settlements[0].id;
      const short = await call(
        PAY_OWED,
        { input: { settlementId, idempotencyKey: 'pay-owed-chen-1' } },
        'u-chen',
      );
      expect(short.body.data.membershipSettlementPay.userErrors).toEqual([
        { code: 'INSUFFICIENT_BALANCE' },
      ]);
      const byOther = await call(
        PAY_OWED,
        { input: { settlementId, idempotencyKey: 'pay-owed-other' } },
        'demo',
      );
      expect(byOther.body.data.membershipSettlementPay.userErrors).toEqual([{ code: 'NOT_FOUND' }]);

      await topUp('u-chen', 4000);
      const balance = await balanceOf('u-chen');
      const [first, second] = await Promise.all(
        ['pay-owed-chen-2', 'pay-owed-chen-3'].map((idempotencyKey) =>
          call(PAY_OWED, { input: { settlementId, idempotencyKey } }, 'u-chen'),
        ),
      );
      const answers = [first!, second!].map((a) => a.body.data.membershipSettlementPay);
      expect(answers.filter((a) => a.userErrors.length === 0)).toHaveLength(1);
      expect(answers.flatMap((a) => a.userErrors)).toEqual([{ code: 'ALREADY_PAID' }]);
      expect(answers.find((a) => a.settlement)!.settlement).toMatchObject({
        charged: 5000,
        status: 'CHARGED',
        paidAt: expect.any(String),
      });
      expect(await balanceOf('u-chen')).toBe(balance - 5000);
      expect((await call(STANDING, {}, 'u-chen')).body.data.me.membership.outstandingCharge).toBe(
        0,
      );

      // Nothing was written by the refused join; now the same key joins.
      expect(await membershipsOf('u-chen')).toBe(memberships);
      const joined = await call(JOIN_AGAIN, { input: joinInput }, 'u-chen');
      expect(joined.body.data.lightMembershipJoin).toMatchObject({
        membership: { status: 'ACTIVE' },
        retryAfter: null,
        userErrors: [],
      });
    });

    it('refuses re-joining a merchant until the period cancelled in would have ended', async () => {
      // u-wang cancelled Freshippo 9.5 days into a period that runs 20.5 days more (above).
      const [cancelled] = await subgraph.db.query<{ rejoin_after: Date }>(
        "SELECT rejoin_after FROM light_memberships WHERE id = 'lm-wang-freshippo'",
      );
      expect(cancelled!.rejoin_after.getTime()).toBeGreaterThan(Date.now() + 20 * 86_400_000);
      const memberships = await membershipsOf('u-wang');
      const input = { merchantId: 'm-freshippo', idempotencyKey: 'rejoin-wang-fresh-1' };
      const early = await call(JOIN_AGAIN, { input }, 'u-wang');
      expect(early.body.data.lightMembershipJoin).toEqual({
        membership: null,
        retryAfter: cancelled!.rejoin_after.toISOString(),
        userErrors: [{ code: 'REJOIN_TOO_SOON' }],
      });
      expect(await membershipsOf('u-wang')).toBe(memberships);
      // Another merchant's programme is not held back by it.
      const elsewhere = await call(
        JOIN_AGAIN,
        { input: { merchantId: 'm-starbucks', idempotencyKey: 'join-wang-sbux-1' } },
        'u-wang',
      );
      expect(elsewhere.body.data.lightMembershipJoin.userErrors).toEqual([]);

      // The period over (its end moved to a second ago), the same merchant can be joined.
      await subgraph.db.query(
        "UPDATE light_memberships SET rejoin_after = now() - interval '1 second' WHERE id = 'lm-wang-freshippo'",
      );
      const later = await call(
        JOIN_AGAIN,
        { input: { ...input, idempotencyKey: 'rejoin-wang-fresh-2' } },
        'u-wang',
      );
      expect(later.body.data.lightMembershipJoin).toMatchObject({
        membership: { status: 'ACTIVE' },
        userErrors: [],
      });
    });
  });

  it("follows a merchant's own tier mapping in the offer it shows, and lets only its owner change it", async () => {
    const OFFER = `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Store { memberOffer { merchantTier discountPercent } } } }`;
    const reps = [{ __typename: 'Store', id: 'store-atour-hubin', merchant: { id: 'm-atour' } }];
    const SET = `mutation ($input: MerchantTierMappingSetInput!) { merchantTierMappingSet(input: $input) { merchant { id } userErrors { code } } }`;
    const input = {
      merchantId: 'm-atour',
      walletTier: 'GOLD',
      merchantTier: '银卡会员 Silver Card',
      discountPercent: 8,
      description: '房费九二折',
    };

    const refused = await call(SET, { input }, 'demo');
    expect(refused.body.data.merchantTierMappingSet.userErrors).toEqual([{ code: 'FORBIDDEN' }]);
    const set = await call(SET, { input }, 'owner-atour');
    expect(set.body.data.merchantTierMappingSet).toEqual({
      merchant: { id: 'm-atour' },
      userErrors: [],
    });
    const { body } = await call(OFFER, { reps }, 'demo');
    expect(body.data._entities[0].memberOffer).toEqual({
      merchantTier: '银卡会员 Silver Card',
      discountPercent: 8,
    });
  });
});
