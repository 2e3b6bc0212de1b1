/**
 * The payments service killed (SIGKILL) in the middle of a burst of payments
 * and started again on the same data: clients retry with their idempotency
 * keys, and every order ends up paid exactly once with the ledger balanced.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEVELOPMENT_PAYMENT_REQUEST_SECRETS } from '../../subgraphs/kit/config';
import { openDatabase } from '../../subgraphs/kit/database';
import { TEST_VIEWER_HEADER as VIEWER_HEADER, TEST_GATEWAY_SECRET } from '../support/harness';
import { signChargeRequest } from '../../subgraphs/kit/payment-requests';
import { postGraphQL, speakToSubgraphAsGateway } from '../support/harness';
import { expectLedgerBalanced } from '../support/ledger';
import { embeddedEnv, freePort } from '../support/processes';

const ROOT = path.resolve(__dirname, '../..');

const ORDERS = 40;
const AMOUNT = 1000;

const PAY = `mutation ($input: PaymentCreateInput!) {
  paymentCreate(input: $input) { payment { id orderRef charged } userErrors { code } }
}`;

function startPayments(dataDir: string, port: number): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'subgraphs/payments/index.ts'], {
    cwd: ROOT,
    env: {
      ...embeddedEnv(),
      NODE_ENV: 'development',
      HUTONG_DATA_DIR: dataDir,
      HUTONG_PAYMENTS_PORT: String(port),
      HUTONG_LOG_LEVEL: 'warn',
      // The harness signs its credentials with the tests' secret.
      HUTONG_GATEWAY_SECRET: TEST_GATEWAY_SECRET,
    },
    stdio: 'ignore',
  });
}

async function waitForHealth(port: number): Promise<void> {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('payments did not come up');
}

describe('payments killed mid-burst and restarted', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hutong-crash-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('pays every order exactly once after clients retry with their keys', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/graphql`;
    speakToSubgraphAsGateway(url, 'payments');
    let payments = startPayments(dataDir, port);
    await waitForHealth(port);

    const inputs = Array.from({ length: ORDERS }, (_, i) => ({
      paymentRequest: signChargeRequest(
        'food',
        {
          orderRef: `food:fo-crash-${i}`,
          payerId: 'u-wang',
          merchantId: 'm-louwailou',
          amount: AMOUNT,
          description: 'crash test',
        },
        DEVELOPMENT_PAYMENT_REQUEST_SECRETS.food,
      ),
      idempotencyKey: `crash-key-${i.toString().padStart(4, '0')}`,
    }));
    const pay = (input: (typeof inputs)[number]) =>
      postGraphQL(url, PAY, { input }, { [VIEWER_HEADER]: 'u-wang' }).then(
        (r) => r.body.data?.paymentCreate?.payment?.id as string | undefined,
        () => undefined,
      );

    // The process dies with the burst half answered.
    let answered = 0;
    const burst = inputs.map((input) =>
      pay(input).then((id) => {
        if (id) answered++;
        return id;
      }),
    );
    for (let i = 0; i < 500 && answered < ORDERS / 4; i++)
      await new Promise((r) => setTimeout(r, 5));
    payments.kill('SIGKILL');
    const firstAnswers = await Promise.all(burst);
    const answeredBeforeCrash = firstAnswers.filter(Boolean).length;

    payments = startPayments(dataDir, port);
    await waitForHealth(port);
    const retried = await Promise.all(inputs.map((input) => pay(input)));
    payments.kill('SIGTERM');
    await new Promise((resolve) => payments.once('exit', resolve));

    // Every retry succeeded, and a payment answered before the crash kept its id.
    expect(retried.every(Boolean)).toBe(true);
    firstAnswers.forEach((id, i) => id && expect(retried[i]).toBe(id));

    const db = await openDatabase({ name: 'payments', dataDir });
    try {
      const [paid] = await db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM payments WHERE order_ref LIKE 'food:fo-crash-%'",
      );
      const [moves] = await db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM journal_transactions WHERE reference LIKE 'food:fo-crash-%'",
      );
      const [wallet] = await db.query<{ balance: number }>(
        "SELECT balance FROM accounts WHERE id = 'wallet:u-wang'",
      );
      expect(paid!.n).toBe(ORDERS);
      expect(moves!.n).toBe(ORDERS);
      expect(wallet!.balance).toBe(500_000 - ORDERS * AMOUNT);
      await expectLedgerBalanced(db);
    } finally {
      await db.close();
    }
    // eslint-disable-next-line no-console -- what the run measured is this test's report
    console.log(
      `payments crash: ${answeredBeforeCrash}/${ORDERS} answered before SIGKILL; all ${ORDERS} paid once after restart`,
    );
  }, 120_000);
});
