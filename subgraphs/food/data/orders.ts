import { randomUUID } from 'node:crypto';
import { applyCoupon } from '../../kit/coupon-codes';
import type { SqlClient } from '../../kit/database';
import type { GeoPoint } from '../../kit/geo';
import { userError, UserErrors, type UserError } from '../../kit/mutations';
import { quoteDelivery, readyInMinutes } from '../delivery';
import {
  checkPickupTime,
  checkTableNumber,
  modeList,
  modesOf,
  type KitchenModes,
} from '../fulfilment';
import { isOpenAt, nextOpening, shanghaiTime, type DailyWindow } from '../hours';
import { nextStatus, TRANSITIONS, type FoodFulfilment, type FoodOrderAction } from '../orderStatus';

export interface OrderLineInput {
  menuItemId: string;
  quantity: number;
}

/** An order as the client asks for it; its fields fit its mode (checkFulfilmentFields). */
export interface PlaceOrderInput {
  storeId: string;
  lines: OrderLineInput[];
  fulfilment: FoodFulfilment;
  /** Set exactly for DELIVERY. */
  deliverTo?: GeoPoint | null | undefined;
  /** PICKUP only; without it, as soon as it is ready. */
  pickupAt?: Date | null | undefined;
  /** Set exactly for DINE_IN. */
  tableNumber?: string | null | undefined;
  couponCode?: string | null | undefined;
}

export const MAX_ORDER_LINES = 20;
export const MAX_LINE_QUANTITY = 99;

function isValidQuantity(quantity: number): boolean {
  return quantity >= 1 && quantity <= MAX_LINE_QUANTITY;
}

/** Rules the input breaks on its own, before anything is looked up. */
export function checkOrderLines(lines: readonly OrderLineInput[]): UserError[] {
  if (lines.length === 0) {
    return [userError('EMPTY_ORDER', 'An order needs at least one line', ['input', 'lines'])];
  }
  if (lines.length > MAX_ORDER_LINES) {
    return [
      userError('TOO_MANY_LINES', `An order has at most ${MAX_ORDER_LINES} lines`, [
        'input',
        'lines',
      ]),
    ];
  }
  const errors: UserError[] = [];
  const seen = new Set<string>();
  lines.forEach((line, i) => {
    if (!isValidQuantity(line.quantity)) {
      errors.push(
        userError('INVALID_QUANTITY', `A quantity is 1 to ${MAX_LINE_QUANTITY}`, [
          'input',
          'lines',
          String(i),
          'quantity',
        ]),
      );
    }
    if (seen.has(line.menuItemId)) {
      errors.push(
        userError('DUPLICATE_LINE', 'Order each item on one line, with its total quantity', [
          'input',
          'lines',
          String(i),
          'menuItemId',
        ]),
      );
    }
    seen.add(line.menuItemId);
  });
  return errors;
}

interface RestaurantForOrder extends KitchenModes {
  store_id: string;
  base_fee: number;
  prep_minutes: number;
  delivery_radius_m: number;
  pickup_lat: number | null;
  pickup_lng: number | null;
  open_orders: number;
  hours: DailyWindow[];
  /** The wallet merchant it is paid to; null while it cannot take payment. */
  merchant_id: string | null;
}

/**
 * Checks an order against the store (it serves the order's mode, it is open, a
 * delivery address is within its radius, a pickup time is one it can keep) and
 * the menu (each item is the store's and available), prices it from the
 * database (a delivery adds its fee), and writes the order, its lines and its
 * first status record. Runs inside the caller's transaction; any broken rule
 * throws UserErrors, so nothing is written.
 */
export async function placeOrder(
  tx: SqlClient,
  customerId: string,
  input: PlaceOrderInput,
  now: Date,
  couponSecret: string,
): Promise<{ orderId: string }> {
  const inputErrors = [...checkOrderLines(input.lines), ...checkTableNumber(input.tableNumber)];
  if (inputErrors.length > 0) throw new UserErrors(inputErrors);

  const [restaurant] = await tx.query<RestaurantForOrder>(
    `SELECT r.store_id, r.base_fee, r.prep_minutes, r.delivery_radius_m, r.pickup_lat, r.pickup_lng, r.merchant_id,
            r.offers_delivery, r.offers_pickup, r.offers_dine_in,
            (SELECT count(*) FROM food_orders o
              WHERE o.store_id = r.store_id AND o.status IN ('PLACED', 'ACCEPTED')) AS open_orders,
            (SELECT coalesce(json_agg(json_build_object('opensAt', h.opens_at::text, 'closesAt', h.closes_at::text)), '[]')
               FROM restaurant_hours h WHERE h.store_id = r.store_id) AS hours
       FROM restaurants r
      WHERE r.store_id = $1`,
    [input.storeId],
  );
  const delivering = input.fulfilment === 'DELIVERY';
  if (
    !restaurant ||
    (delivering && (restaurant.pickup_lat === null || restaurant.pickup_lng === null))
  ) {
    throw new UserErrors([
      userError(
        'STORE_NOT_DELIVERING',
        `Store "${input.storeId}" takes no ${restaurant ? 'delivery' : 'food'} orders`,
        ['input', 'storeId'],
      ),
    ]);
  }

  const errors: UserError[] = [];
  const offered = modesOf(restaurant);
  if (!offered.includes(input.fulfilment)) {
    errors.push(
      userError(
        'FULFILMENT_NOT_OFFERED',
        `The store takes no ${input.fulfilment} orders; it offers ${modeList(offered)}`,
        ['input', 'fulfilment'],
      ),
    );
  }
  const open = isOpenAt(restaurant.hours, now);
  if (!open) {
    const opens = nextOpening(restaurant.hours, now);
    errors.push(
      userError(
        'STORE_CLOSED',
        opens
          ? `The store is not taking orders at this hour; it opens at ${shanghaiTime(opens)} (Asia/Shanghai)`
          : 'The store takes no orders at any hour',
        ['input', 'storeId'],
      ),
    );
  }
  const kitchen = {
    baseFee: restaurant.base_fee,
    prepMinutes: restaurant.prep_minutes,
    deliveryRadiusMeters: restaurant.delivery_radius_m,
    openOrders: restaurant.open_orders,
  };
  // A delivery is quoted; an order served in store costs no fee.
  const quote =
    delivering &&
    input.deliverTo &&
    restaurant.pickup_lat !== null &&
    restaurant.pickup_lng !== null
      ? quoteDelivery(
          kitchen,
          { lat: restaurant.pickup_lat, lng: restaurant.pickup_lng },
          input.deliverTo,
        )
      : null;
  if (delivering && !quote) {
    errors.push(
      userError(
        'OUT_OF_DELIVERY_RANGE',
        `The store delivers within ${restaurant.delivery_radius_m} m only`,
        ['input', 'deliverTo'],
      ),
    );
  }
  const cookedAt = new Date(now.getTime() + readyInMinutes(kitchen) * 60_000);
  if (input.pickupAt && open) {
    errors.push(...checkPickupTime(input.pickupAt, cookedAt, restaurant.hours, now));
  }
  const deliveryFee = quote?.fee ?? 0;

  const items = await tx.query<{ id: string; store_id: string; price: number; available: boolean }>(
    'SELECT id, store_id, price, available FROM menu_items WHERE id = ANY($1)',
    [input.lines.map((line) => line.menuItemId)],
  );
  const itemById = new Map(items.map((item) => [item.id, item]));
  const priced: { menuItemId: string; quantity: number; unitPrice: number }[] = [];
  input.lines.forEach((line, i) => {
    const item = itemById.get(line.menuItemId);
    const field = ['input', 'lines', String(i), 'menuItemId'];
    if (!item || item.store_id !== input.storeId) {
      errors.push(
        userError('ITEM_NOT_IN_STORE', `"${line.menuItemId}" is not on this store's menu`, field),
      );
    } else if (!item.available) {
      errors.push(userError('ITEM_UNAVAILABLE', `"${line.menuItemId}" has run out`, field));
    } else {
      priced.push({ menuItemId: item.id, quantity: line.quantity, unitPrice: item.price });
    }
  });
  if (errors.length > 0) throw new UserErrors(errors);

  const subtotal = priced.reduce((sum, line) => sum + line.unitPrice * line.quantity, 0);
  // The minimum spend is the items'; the discount comes off the whole price.
  const coupon = input.couponCode
    ? applyCoupon(
        input.couponCode,
        {
          holderId: customerId,
          merchantId: restaurant.merchant_id,
          spend: subtotal,
          price: subtotal + deliveryFee,
        },
        couponSecret,
      )
    : null;
  const orderId = `fo-${randomUUID()}`;
  await tx.query(
    `INSERT INTO food_orders
       (id, user_id, store_id, status, fulfilment, table_number, ready_at, subtotal, delivery_fee, total,
        deliver_lat, deliver_lng, placed_at, coupon_id, coupon_discount, coupon_valid_until)
     VALUES ($1, $2, $3, 'PLACED', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
    [
      orderId,
      customerId,
      input.storeId,
      input.fulfilment,
      input.tableNumber ?? null,
      input.pickupAt ?? cookedAt,
      subtotal,
      deliveryFee,
      subtotal + deliveryFee - (coupon?.discount ?? 0),
      input.deliverTo?.lat ?? null,
      input.deliverTo?.lng ?? null,
      now,
      coupon?.couponId ?? null,
      coupon?.discount ?? 0,
      coupon?.validUntil ?? null,
    ],
  );
  await tx.query(
    `INSERT INTO food_order_lines (order_id, line_no, menu_item_id, quantity, unit_price)
     SELECT $1, line.line_no, line.menu_item_id, line.quantity, line.unit_price
       FROM unnest($2::text[], $3::integer[], $4::bigint[])
            WITH ORDINALITY AS line (menu_item_id, quantity, unit_price, line_no)`,
    [
      orderId,
      priced.map((line) => line.menuItemId),
      priced.map((line) => line.quantity),
      priced.map((line) => line.unitPrice),
    ],
  );
  await tx.query(
    `INSERT INTO food_order_history (order_id, status, at, actor_role, actor_id)
     VALUES ($1, 'PLACED', $2, 'CUSTOMER', $3)`,
    [orderId, now, customerId],
  );
  return { orderId };
}

const PAST_TENSE: Record<FoodOrderAction, string> = {
  ACCEPT: 'accepted',
  DISPATCH: 'dispatched',
  DELIVER: 'delivered',
  MARK_READY: 'marked ready',
  COMPLETE: 'completed',
  CANCEL: 'cancelled',
};

/**
 * Moves an order one step through the state machine on the viewer's behalf.
 * The UPDATE only matches while the order is still in the status this check
 * saw, so of two concurrent transitions of one order exactly one wins; the
 * other matches no row and is refused, with nothing written.
 */
export async function transitionOrder(
  tx: SqlClient,
  viewerId: string,
  orderId: string,
  action: FoodOrderAction,
  now: Date,
): Promise<{ orderId: string; paymentOffered: boolean }> {
  const field = ['input', 'orderId'];
  const [order] = await tx.query<{
    user_id: string;
    status: string;
    fulfilment: FoodFulfilment;
    is_staff: boolean;
  }>(
    `SELECT o.user_id, o.status, o.fulfilment,
            EXISTS (SELECT 1 FROM store_staff s WHERE s.store_id = o.store_id AND s.user_id = $2) AS is_staff
       FROM food_orders o WHERE o.id = $1`,
    [orderId, viewerId],
  );
  const isCustomer = order?.user_id === viewerId;
  if (!order || !(isCustomer || order.is_staff)) {
    // Someone else's order is answered exactly like a missing one: ids reveal nothing.
    throw new UserErrors([userError('ORDER_NOT_FOUND', `Order "${orderId}" was not found`, field)]);
  }
  const transition = TRANSITIONS[action];
  const allowed = transition.by === 'CUSTOMER' ? isCustomer : order.is_staff;
  if (!allowed) {
    throw new UserErrors([
      userError(
        'NOT_PERMITTED',
        transition.by === 'CUSTOMER'
          ? 'Only the customer who placed the order may do this'
          : "Only the store's staff may do this",
        field,
      ),
    ]);
  }
  const next = nextStatus(order.status, action, order.fulfilment);
  if (!next) {
    throw new UserErrors([
      userError(
        'INVALID_TRANSITION',
        transition.modes.includes(order.fulfilment)
          ? `An order that is ${order.status} cannot be ${PAST_TENSE[action]}`
          : `A ${order.fulfilment} order is never ${PAST_TENSE[action]}`,
        field,
      ),
    ]);
  }
  const moved = await tx.query<{ payment_offered: boolean }>(
    'UPDATE food_orders SET status = $3 WHERE id = $1 AND status = $2 RETURNING payment_offered',
    [orderId, order.status, next],
  );
  if (moved.length === 0) {
    throw new UserErrors([
      userError(
        'INVALID_TRANSITION',
        `The order changed while this request ran; it is no longer ${order.status}`,
        field,
      ),
    ]);
  }
  await tx.query(
    `INSERT INTO food_order_history (order_id, status, at, actor_role, actor_id)
     VALUES ($1, $2, $3, $4, $5)`,
    [orderId, next, now, transition.by, viewerId],
  );
  return { orderId, paymentOffered: moved[0]!.payment_offered };
}
