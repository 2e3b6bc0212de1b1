import { requireViewer, runMutation, userError } from '../../../kit/mutations';
import type {
  MerchantTierMappingSetPayloadResolvers,
  MutationResolvers,
} from '../../__generated__/resolvers-types';
import { setTierMapping } from '../../data/memberships';

const MAX_TIER_NAME = 60;

export const merchantTierMappingSet: MutationResolvers['merchantTierMappingSet'] = async (
  _,
  { input },
  ctx,
) => {
  const userId = requireViewer(ctx.viewerId, 'use the wallet');
  if (!(input.discountPercent >= 0 && input.discountPercent <= 100)) {
    return {
      userErrors: [
        userError('INVALID_DISCOUNT', 'discountPercent must be 0 to 100', ['discountPercent']),
      ],
    };
  }
  const merchantTier = input.merchantTier.trim();
  if (merchantTier === '' || input.merchantTier.length > MAX_TIER_NAME) {
    return {
      userErrors: [
        userError('INVALID_TIER_NAME', `merchantTier must be 1 to ${MAX_TIER_NAME} characters`, [
          'merchantTier',
        ]),
      ],
    };
  }
  const result = await runMutation(
    ctx.db,
    { actor: userId, operation: 'merchantTierMappingSet', input },
    (tx) => setTierMapping(tx, userId, { ...input, merchantTier }),
  );
  if ('merchantId' in result && result.merchantId)
    ctx.cacheTags.changed('Merchant', result.merchantId);
  return result;
};

export const MerchantTierMappingSetPayload: MerchantTierMappingSetPayloadResolvers = {
  merchant: (record, _, { loaders }) =>
    record.merchantId ? loaders.merchantById.load(record.merchantId) : null,
};
