import { badUserInput } from '../../../lib/errors';
import { requireViewer, userError, withIdempotency } from '../../kit/mutations';
import { verifyChargeRequest, verifyRefundRequest } from '../../kit/payment-requests';
import type { PaymentsContext } from '../context';
import { cancelMembership, joinMembership } from '../data/memberships';
import { payOrder, refundOrder } from '../data/payments';

const signedIn = (ctx: PaymentsContext) => requireViewer(ctx.viewerId, 'use the wallet');

const WALLET_TIERS = new Set(['REGULAR', 'GOLD', 'PLATINUM', 'DIAMOND']);

export const Mutation = {
  paymentCreate: async (
    _: unknown,
    { input }: { input: { paymentRequest: string; idempotencyKey: string } },
    ctx: PaymentsContext,
  ) => {
    const payerId = signedIn(ctx);
    return withIdempotency(
      ctx.db,
      { actor: payerId, operation: 'paymentCreate', key: input.idempotencyKey, input },
      async (tx) => {
        const verified = verifyChargeRequest(
          input.paymentRequest,
          ctx.config.paymentRequestSecrets,
        );
        if (!verified.ok) {
          return {
            userErrors: [
              verified.reason === 'EXPIRED'
                ? userError(
                    'PAYMENT_REQUEST_EXPIRED',
                    'The payment request has expired; ask the order for a new one',
                    ['paymentRequest'],
                  )
                : userError(
                    'INVALID_PAYMENT_REQUEST',
                    'The payment request is not one an order owner signed',
                    ['paymentRequest'],
                  ),
            ],
          };
        }
        return payOrder(tx, payerId, verified.request);
      },
    );
  },

  paymentRefund: async (
    _: unknown,
    { input }: { input: { refundRequest: string; idempotencyKey: string } },
    ctx: PaymentsContext,
  ) => {
    const actor = signedIn(ctx);
    return withIdempotency(
      ctx.db,
      { actor, operation: 'paymentRefund', key: input.idempotencyKey, input },
      async (tx) => {
        const verified = verifyRefundRequest(input.refundRequest, ctx.config.paymentRequestSecrets);
        if (!verified.ok) {
          return {
            userErrors: [
              userError(
                'INVALID_REFUND_REQUEST',
                'The refund request is not one an order owner signed',
                ['refundRequest'],
              ),
            ],
          };
        }
        return refundOrder(tx, verified.request.orderRef);
      },
    );
  },

  lightMembershipJoin: async (
    _: unknown,
    { input }: { input: { merchantId: string; idempotencyKey: string } },
    ctx: PaymentsContext,
  ) => {
    const userId = signedIn(ctx);
    return withIdempotency(
      ctx.db,
      { actor: userId, operation: 'lightMembershipJoin', key: input.idempotencyKey, input },
      (tx) => joinMembership(tx, userId, input.merchantId),
    );
  },

  lightMembershipCancel: async (
    _: unknown,
    { input }: { input: { membershipId: string; idempotencyKey: string } },
    ctx: PaymentsContext,
  ) => {
    const userId = signedIn(ctx);
    return withIdempotency(
      ctx.db,
      { actor: userId, operation: 'lightMembershipCancel', key: input.idempotencyKey, input },
      (tx) => cancelMembership(tx, userId, input.membershipId),
    );
  },

  merchantTierMappingSet: async (
    _: unknown,
    {
      input,
    }: {
      input: {
        merchantId: string;
        walletTier: string;
        merchantTier: string;
        discountPercent: number;
        description: string;
      };
    },
    ctx: PaymentsContext,
  ) => {
    const userId = signedIn(ctx);
    if (!WALLET_TIERS.has(input.walletTier))
      throw badUserInput('Unknown wallet tier', 'walletTier');
    if (!(
      Number.isInteger(input.discountPercent) &&
      input.discountPercent >= 0 &&
      input.discountPercent <= 100
    )) {
      return {
        merchant: null,
        userErrors: [
          userError('INVALID_DISCOUNT', 'discountPercent must be 0 to 100', ['discountPercent']),
        ],
      };
    }
    if (input.merchantTier.trim() === '' || input.merchantTier.length > 60) {
      return {
        merchant: null,
        userErrors: [
          userError('INVALID_TIER_NAME', 'merchantTier must be 1 to 60 characters', [
            'merchantTier',
          ]),
        ],
      };
    }
    const [merchant] = await ctx.db.query<{ owner_user_id: string | null }>(
      'SELECT owner_user_id FROM merchants WHERE id = $1',
      [input.merchantId],
    );
    if (!merchant || merchant.owner_user_id !== userId) {
      return {
        merchant: null,
        userErrors: [
          userError('FORBIDDEN', "Only the merchant's owner may map its tiers", ['merchantId']),
        ],
      };
    }
    ctx.cacheTags.changed('Merchant', input.merchantId);
    await ctx.db.query(
      `INSERT INTO member_tier_mappings (merchant_id, wallet_tier, merchant_tier, discount_percent, description)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (merchant_id, wallet_tier) DO UPDATE
         SET merchant_tier = EXCLUDED.merchant_tier,
             discount_percent = EXCLUDED.discount_percent,
             description = EXCLUDED.description`,
      [
        input.merchantId,
        input.walletTier,
        input.merchantTier.trim(),
        input.discountPercent,
        input.description,
      ],
    );
    return { merchant: await ctx.loaders.merchantById.load(input.merchantId), userErrors: [] };
  },
};

/** Payloads hold ids (so an idempotent replay is exact); their objects load here. */
export const PaymentCreatePayload = {
  payment: (record: { paymentId?: string }, _: unknown, { loaders }: PaymentsContext) =>
    record.paymentId ? loaders.paymentById.load(record.paymentId) : null,
};

export const PaymentRefundPayload = PaymentCreatePayload;

export const LightMembershipPayload = {
  membership: (record: { membershipId?: string }, _: unknown, { loaders }: PaymentsContext) =>
    record.membershipId ? loaders.membershipById.load(record.membershipId) : null,
  settlement: (
    record: { settlementId?: string | null },
    _: unknown,
    { loaders }: PaymentsContext,
  ) => (record.settlementId ? loaders.settlementById.load(record.settlementId) : null),
};
