/**
 * Placing a light shop order. Stock is taken with conditional decrements
 * (`quantity >= n` in the UPDATE itself), so two orders racing for the last
 * units cannot both get them: on PostgreSQL the second UPDATE waits for the
 * first's row lock and re-checks the condition against the committed quantity.
 * The CHECK (quantity >= 0) on both stock tables backs this up.
 */
import { randomUUID } from 'node:crypto';
import { applyCoupon } from '../../kit/coupon-codes';
import type { SqlClient } from '../../kit/database';
import { badUserInput } from '../../../lib/errors';
import { userError, UserErrors, type UserError } from '../../kit/mutations';
import type { ProductRow } from './rows';

export const MAX_ORDER_LINES = 20;
export const MAX_LINE_QUANTITY = 99;

/**
 * How long a placed order holds its units unpaid. Long enough to pay at the
 * till or top up the wallet first, short enough that the last units of a
 * sought-after product are not locked away by orders nobody pays
 * (subgraphs/commerce/reservations.ts releases them).
 */
export const RESERVATION_MINUTES = 15;

export interface OrderLineInput {
  productId: string;
  quantity: number;
}

export type StockSource = 'LIGHT_SHOP' | 'FLAGSHIP_WAREHOUSE';

/** Malformed orders are the client's fault and never reach the database. */
export function validateOrderLines(lines: readonly OrderLineInput[]): void {
  if (lines.length < 1 || lines.length > MAX_ORDER_LINES) {
    throw badUserInput(`An order has 1 to ${MAX_ORDER_LINES} lines`, 'input.lines');
  }
  const seen = new Set<string>();
  lines.forEach((line, i) => {
    if (line.quantity < 1 || line.quantity > MAX_LINE_QUANTITY) {
      throw badUserInput(
        `lines[${i}].quantity must be between 1 and ${MAX_LINE_QUANTITY}`,
        `input.lines.${i}.quantity`,
      );
    }
    if (seen.has(line.productId)) {
      throw badUserInput(
        `Product "${line.productId}" appears on more than one line; order it once with the total quantity`,
        `input.lines.${i}.productId`,
      );
    }
    seen.add(line.productId);
  });
}

const lineField = (i: number, name: string) => ['input', 'lines', String(i), name];

/**
 * Reserves every line (the store's shelf first, else the flagship warehouse,
 * never split) and records the order; throws UserErrors, rolling everything
 * back, when any line cannot be placed.
 */
export async function placeShopOrder(
  tx: SqlClient,
  userId: string,
  order: { storeId: string; lines: readonly OrderLineInput[]; couponCode?: string | null },
  couponSecret: string,
): Promise<{ orderId: string }> {
  const { storeId, lines } = order;
  const [shop] = await tx.query<{
    id: string;
    brand_id: string;
    flagship_id: string;
    merchant_id: string | null;
  }>(
    `SELECT ls.id, ls.brand_id, f.id AS flagship_id, b.merchant_id
       FROM light_shops ls
       JOIN flagship_shops f ON f.brand_id = ls.brand_id
       JOIN brands b ON b.id = ls.brand_id
      WHERE ls.store_id = $1`,
    [storeId],
  );
  if (!shop) {
    throw new UserErrors([
      userError('NOT_A_LIGHT_SHOP', `Store "${storeId}" is not a brand light shop`, [
        'input',
        'storeId',
      ]),
    ]);
  }

  const products = new Map(
    (
      await tx.query<ProductRow>(
        'SELECT id, brand_id, name, name_en, price FROM products WHERE id = ANY($1)',
        [lines.map((line) => line.productId)],
      )
    ).map((row) => [row.id, row]),
  );
  const unknown: UserError[] = [];
  lines.forEach((line, i) => {
    const product = products.get(line.productId);
    if (!product) {
      unknown.push(
        userError(
          'UNKNOWN_PRODUCT',
          `Product "${line.productId}" does not exist`,
          lineField(i, 'productId'),
        ),
      );
    } else if (product.brand_id !== shop.brand_id) {
      unknown.push(
        userError(
          'PRODUCT_NOT_SOLD_HERE',
          `${product.name_en} is not sold by this store's brand`,
          lineField(i, 'productId'),
        ),
      );
    }
  });
  if (unknown.length > 0) throw new UserErrors(unknown);

  // Rows are always locked in product order, so two orders for the same
  // products cannot each hold a row the other waits for (a deadlock on PostgreSQL).
  const byProduct = lines
    .map((line, index) => ({ line, index }))
    .sort((a, b) => (a.line.productId < b.line.productId ? -1 : 1));
  const sources = new Array<StockSource | null>(lines.length).fill(null);
  for (const { line, index } of byProduct) {
    const shelf = await tx.query(
      `UPDATE light_shop_stock SET quantity = quantity - $3
        WHERE light_shop_id = $1 AND product_id = $2 AND quantity >= $3
        RETURNING quantity`,
      [shop.id, line.productId, line.quantity],
    );
    if (shelf.length > 0) {
      sources[index] = 'LIGHT_SHOP';
      continue;
    }
    const warehouse = await tx.query(
      `UPDATE warehouse_stock SET quantity = quantity - $3
        WHERE flagship_shop_id = $1 AND product_id = $2 AND quantity >= $3
        RETURNING quantity`,
      [shop.flagship_id, line.productId, line.quantity],
    );
    if (warehouse.length > 0) sources[index] = 'FLAGSHIP_WAREHOUSE';
  }

  const short = lines.flatMap((line, i) => (sources[i] === null ? [{ line, i }] : []));
  if (short.length > 0) {
    const available = new Map(
      (
        await tx.query<{ product_id: string; shelf: number; warehouse: number }>(
          `SELECT p.id AS product_id, coalesce(s.quantity, 0) AS shelf, coalesce(w.quantity, 0) AS warehouse
             FROM products p
             LEFT JOIN light_shop_stock s ON s.light_shop_id = $1 AND s.product_id = p.id
             LEFT JOIN warehouse_stock w ON w.flagship_shop_id = $2 AND w.product_id = p.id
            WHERE p.id = ANY($3)`,
          [shop.id, shop.flagship_id, short.map(({ line }) => line.productId)],
        )
      ).map((row) => [row.product_id, row]),
    );
    throw new UserErrors(
      short.map(({ line, i }) => {
        const name = products.get(line.productId)!.name_en;
        const { shelf = 0, warehouse = 0 } = available.get(line.productId) ?? {};
        const most = Math.max(shelf, warehouse);
        return userError(
          'OUT_OF_STOCK',
          most === 0
            ? `${name} is sold out in the store and in the flagship warehouse`
            : `${line.quantity} × ${name} wanted, but the store has ${shelf} and the flagship warehouse ${warehouse}; a line ships from one place, so order at most ${most}`,
          lineField(i, 'quantity'),
        );
      }),
    );
  }

  const unitPrices = lines.map((line) => products.get(line.productId)!.price);
  const linesTotal = lines.reduce((sum, line, i) => sum + line.quantity * unitPrices[i]!, 0);
  const coupon = order.couponCode
    ? applyCoupon(
        order.couponCode,
        { holderId: userId, merchantId: shop.merchant_id, spend: linesTotal, price: linesTotal },
        couponSecret,
      )
    : null;
  const orderId = `so-${randomUUID()}`;
  await tx.query(
    `INSERT INTO shop_orders
       (id, user_id, store_id, light_shop_id, total, coupon_id, coupon_discount, coupon_valid_until,
        reserved_until)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now() + make_interval(mins => $9))`,
    [
      orderId,
      userId,
      storeId,
      shop.id,
      linesTotal - (coupon?.discount ?? 0),
      coupon?.couponId ?? null,
      coupon?.discount ?? 0,
      coupon?.validUntil ?? null,
      RESERVATION_MINUTES,
    ],
  );
  await tx.query(
    `INSERT INTO shop_order_lines (order_id, line_no, product_id, quantity, unit_price, source)
     SELECT $1, l.line_no, l.product_id, l.quantity, l.unit_price, l.source
       FROM unnest($2::int[], $3::text[], $4::int[], $5::bigint[], $6::text[])
            AS l (line_no, product_id, quantity, unit_price, source)`,
    [
      orderId,
      lines.map((_, i) => i),
      lines.map((line) => line.productId),
      lines.map((line) => line.quantity),
      unitPrices,
      sources,
    ],
  );
  return { orderId };
}

/**
 * Calls off the customer's placed order and puts every line's units back
 * where they were reserved. The status moves first, conditionally, so of two
 * cancels (or a cancel and the reservation's expiry) racing only one returns
 * the stock.
 */
export async function cancelShopOrder(
  tx: SqlClient,
  userId: string,
  orderId: string,
): Promise<{ orderId: string; paymentOffered: boolean }> {
  const field = ['input', 'orderId'];
  const cancelled = await tx.query<{ payment_offered: boolean }>(
    `UPDATE shop_orders SET status = 'CANCELLED', cancelled_at = now(), reserved_until = NULL
      WHERE id = $1 AND user_id = $2 AND status = 'PLACED'
      RETURNING payment_offered`,
    [orderId, userId],
  );
  if (cancelled.length === 0) {
    const [order] = await tx.query<{ status: string }>(
      'SELECT status FROM shop_orders WHERE id = $1 AND user_id = $2',
      [orderId, userId],
    );
    // Someone else's order is answered exactly like a missing one.
    throw new UserErrors([
      !order
        ? userError('ORDER_NOT_FOUND', `Order "${orderId}" was not found`, field)
        : order.status === 'EXPIRED'
          ? userError(
              'ORDER_EXPIRED',
              'This order was not paid in time: its items went back on sale and nothing was charged',
              field,
            )
          : userError('ALREADY_CANCELLED', 'This order has already been cancelled', field),
    ]);
  }
  await returnStock(tx, orderId);
  return { orderId, paymentOffered: cancelled[0]!.payment_offered };
}

/**
 * Puts an order's units back on the shelf or in the warehouse each line took
 * them from, once its status has moved (which only one caller can do). Stock
 * rows are locked in product order, as placing an order locks them.
 */
export async function returnStock(tx: SqlClient, orderId: string): Promise<void> {
  const lines = await tx.query<{
    product_id: string;
    quantity: number;
    source: StockSource;
    light_shop_id: string;
    flagship_id: string;
  }>(
    `SELECT l.product_id, l.quantity, l.source, o.light_shop_id, f.id AS flagship_id
       FROM shop_order_lines l
       JOIN shop_orders o ON o.id = l.order_id
       JOIN light_shops ls ON ls.id = o.light_shop_id
       JOIN flagship_shops f ON f.brand_id = ls.brand_id
      WHERE l.order_id = $1
      ORDER BY l.product_id`,
    [orderId],
  );
  for (const line of lines) {
    await tx.query(
      line.source === 'LIGHT_SHOP'
        ? `UPDATE light_shop_stock SET quantity = quantity + $3
            WHERE light_shop_id = $1 AND product_id = $2`
        : `UPDATE warehouse_stock SET quantity = quantity + $3
            WHERE flagship_shop_id = $1 AND product_id = $2`,
      [
        line.source === 'LIGHT_SHOP' ? line.light_shop_id : line.flagship_id,
        line.product_id,
        line.quantity,
      ],
    );
  }
}
