import type { Database } from '../../kit/database';
import { openAccounts, walletAccount } from './ledger';

/** What a user is called until they choose a name: the wallet's own default. */
export const NEW_USER_NICKNAME = '新用户 New user';

/**
 * Opens the wallet of a signed-in user it has never seen: the identity
 * provider vouched for them (the gateway's credential carries their id), and a
 * wallet signs its users up on first sign-in, at the lowest tier, with an empty
 * balance and no credit score yet. Running it twice, or twice at once, opens one.
 */
export async function openWalletOnFirstSignIn(db: Database, userId: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO users (id, nickname, wallet_tier) VALUES ($1, $2, 'REGULAR')
       ON CONFLICT (id) DO NOTHING`,
      [userId, NEW_USER_NICKNAME],
    );
    await openAccounts(tx, [{ id: walletAccount(userId), kind: 'USER_WALLET', ownerId: userId }]);
  });
}
