/**
 * Payment latency through the gateway, measured against a trivial query in the
 * same run (interleaved, one at a time), so the ratio holds on a noisy machine.
 */
import { DEVELOPMENT_PAYMENT_REQUEST_SECRETS } from '../../subgraphs/kit/config';
import { signChargeRequest } from '../../subgraphs/kit/payment-requests';
import { bearer, postGraphQL, startGraph } from '../support/harness';

const ROUNDS = Number(process.argv[2] ?? 300);

const PAY = `mutation ($input: PaymentCreateInput!) {
  paymentCreate(input: $input) { payment { id charged } userErrors { code } }
}`;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main(): Promise<void> {
  const graph = await startGraph();
  const headers = bearer('u-wang');
  const timed = async (work: () => Promise<unknown>) => {
    const start = process.hrtime.bigint();
    await work();
    return Number(process.hrtime.bigint() - start) / 1e6;
  };
  const trivial: number[] = [];
  const payment: number[] = [];
  try {
    for (let i = 0; i < 20; i++) await postGraphQL(graph.gatewayUrl, '{ me { id } }', {}, headers);
    for (let i = 0; i < ROUNDS; i++) {
      trivial.push(await timed(() => postGraphQL(graph.gatewayUrl, '{ me { id } }', {}, headers)));
      const paymentRequest = signChargeRequest(
        'food',
        {
          orderRef: `food:fo-bench-${i}`,
          payerId: 'u-wang',
          merchantId: 'm-louwailou',
          amount: 100,
          description: 'bench',
        },
        DEVELOPMENT_PAYMENT_REQUEST_SECRETS.food,
      );
      payment.push(
        await timed(async () => {
          const { body } = await postGraphQL(
            graph.gatewayUrl,
            PAY,
            { input: { paymentRequest, idempotencyKey: `bench-pay-${i}` } },
            headers,
          );
          if (!body.data?.paymentCreate?.payment)
            throw new Error(`payment failed: ${JSON.stringify(body)}`);
        }),
      );
    }
  } finally {
    await graph.close();
  }
  trivial.sort((a, b) => a - b);
  payment.sort((a, b) => a - b);
  const row = (name: string, xs: number[]) =>
    `${name.padEnd(22)} p50 ${percentile(xs, 50).toFixed(2).padStart(7)} ms   p99 ${percentile(xs, 99).toFixed(2).padStart(7)} ms`;
  console.log(`payments through the gateway, ${ROUNDS} rounds interleaved, PGlite:`);
  console.log(row('{ me { id } }', trivial));
  console.log(row('paymentCreate', payment));
  console.log(
    `paymentCreate p50 / trivial p50 = ${(percentile(payment, 50) / percentile(trivial, 50)).toFixed(2)}`,
  );
}

void main();
