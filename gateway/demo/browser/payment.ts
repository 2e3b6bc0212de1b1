/// <reference lib="dom" />
/**
 * Paying an order with its signed payment request, from the checkout or the
 * order's own page: a fresh idempotency key per tap, and a refusal or an
 * unanswered request shown in `outcome`, where the tap was.
 */
import { CheckoutPay, type CheckoutPayMutation } from '../../../schema/client/index';
import { idempotencyKey, type DemoApp } from './app';
import { notDone, refusal } from './feedback';

export type Payment = NonNullable<NonNullable<CheckoutPayMutation['paymentCreate']>['payment']>;

/** The payment made, or undefined once `outcome` says why there is none. */
export async function payOrder(
  app: DemoApp,
  paymentRequest: string,
  outcome: HTMLElement,
): Promise<Payment | undefined> {
  const result = await app.client.execute(CheckoutPay, {
    paymentRequest,
    idempotencyKey: idempotencyKey(),
  });
  const payload = result.data?.paymentCreate;
  if (!payload) return void outcome.replaceChildren(notDone(result));
  if (payload.userErrors.length > 0 || !payload.payment)
    return void outcome.replaceChildren(refusal(payload.userErrors));
  return payload.payment;
}
