-- An order is offered for payment once a payment request is signed for it. Only
-- such an order can have been paid, so only its cancel closes it at the wallet
-- (subgraphs/kit/wallet-closure.ts); after a cancel none is signed.
ALTER TABLE shop_orders ADD COLUMN payment_offered boolean NOT NULL DEFAULT false;
