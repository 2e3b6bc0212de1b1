/**
 * How an order is served (documented on FoodFulfilment): delivered to an
 * address, picked up at the counter, or eaten in at a table. Which fields a
 * mode takes, the table label, and the pickup times a kitchen can keep.
 */
import { badUserInput } from '../../lib/errors';
import { userError, type UserError } from '../kit/mutations';
import { nextClosing, shanghaiTime, type DailyWindow } from './hours';
import { FULFILMENTS, type FoodFulfilment } from './orderStatus';

/** A kitchen's flags, as restaurants keeps them. */
export interface KitchenModes {
  offers_delivery: boolean;
  offers_pickup: boolean;
  offers_dine_in: boolean;
}

const FLAG: Record<FoodFulfilment, keyof KitchenModes> = {
  DELIVERY: 'offers_delivery',
  PICKUP: 'offers_pickup',
  DINE_IN: 'offers_dine_in',
};

/** The modes a kitchen serves, in the enum's order. */
export function modesOf(kitchen: KitchenModes): FoodFulfilment[] {
  return FULFILMENTS.filter((mode) => kitchen[FLAG[mode]]);
}

export interface FulfilmentFields {
  fulfilment: FoodFulfilment;
  deliverTo?: unknown;
  pickupAt?: Date | null | undefined;
  tableNumber?: string | null | undefined;
}

/** Which optional input field each mode needs; the others are refused. */
const REQUIRED: Record<FoodFulfilment, keyof FulfilmentFields | null> = {
  DELIVERY: 'deliverTo',
  PICKUP: null,
  DINE_IN: 'tableNumber',
};
const OWNER: Record<'deliverTo' | 'pickupAt' | 'tableNumber', FoodFulfilment> = {
  deliverTo: 'DELIVERY',
  pickupAt: 'PICKUP',
  tableNumber: 'DINE_IN',
};

/**
 * A request whose fields do not fit its mode is the client's mistake, refused
 * with BAD_USER_INPUT before anything is looked up: a delivery needs deliverTo
 * and a dine-in order tableNumber, and a field of one mode is never sent with
 * another (an address on a pickup order would read as a delivery).
 */
export function checkFulfilmentFields(input: FulfilmentFields): void {
  const required = REQUIRED[input.fulfilment];
  if (required && (input[required] === undefined || input[required] === null)) {
    throw badUserInput(`A ${input.fulfilment} order needs ${required}`, required);
  }
  for (const [field, owner] of Object.entries(OWNER) as [keyof typeof OWNER, FoodFulfilment][]) {
    if (owner !== input.fulfilment && input[field] !== undefined && input[field] !== null) {
      throw badUserInput(`${field} is for ${owner} orders only, not ${input.fulfilment}`, field);
    }
  }
}

const TABLE_NUMBER = /^[A-Za-z0-9]{1,16}$/;

/** A table's label, as printed on its code: 1 to 16 letters or digits. */
export function checkTableNumber(tableNumber: string | null | undefined): UserError[] {
  return tableNumber === null || tableNumber === undefined || TABLE_NUMBER.test(tableNumber)
    ? []
    : [
        userError('INVALID_TABLE_NUMBER', 'A table number is 1 to 16 letters or digits', [
          'input',
          'tableNumber',
        ]),
      ];
}

/** How far ahead a pickup may be asked for, for kitchens that never close. */
export const PICKUP_HORIZON_HOURS = 12;
const MINUTE_MS = 60_000;

/**
 * A pickup time is a slot in the kitchen's current service: no sooner than
 * the order can be ready (to the minute: the slot of the minute it is ready
 * in), before the kitchen next closes, and at most PICKUP_HORIZON_HOURS ahead.
 * Checked only while the kitchen is open (a closed one refuses the order).
 */
export function checkPickupTime(
  pickupAt: Date,
  readyAt: Date,
  hours: readonly DailyWindow[],
  now: Date,
): UserError[] {
  const field = ['input', 'pickupAt'];
  const earliest = Math.floor(readyAt.getTime() / MINUTE_MS) * MINUTE_MS;
  if (pickupAt.getTime() < earliest) {
    return [
      userError(
        'PICKUP_TIME_UNAVAILABLE',
        `The order can be ready at ${shanghaiTime(new Date(earliest))} (Asia/Shanghai) at the earliest`,
        field,
      ),
    ];
  }
  const closes = nextClosing(hours, now);
  if (closes && pickupAt.getTime() >= closes.getTime()) {
    return [
      userError(
        'PICKUP_TIME_UNAVAILABLE',
        `The store closes at ${shanghaiTime(closes)} (Asia/Shanghai): pick up before then`,
        field,
      ),
    ];
  }
  if (pickupAt.getTime() > now.getTime() + PICKUP_HORIZON_HOURS * 60 * MINUTE_MS) {
    return [
      userError(
        'PICKUP_TIME_UNAVAILABLE',
        `A pickup time is at most ${PICKUP_HORIZON_HOURS} hours ahead`,
        field,
      ),
    ];
  }
  return [];
}

/** Lists modes as a sentence does: "DELIVERY", "DELIVERY and PICKUP", "A, B and C". */
export function modeList(modes: readonly FoodFulfilment[]): string {
  return modes.length <= 1
    ? (modes[0] ?? 'no orders')
    : `${modes.slice(0, -1).join(', ')} and ${modes.at(-1)}`;
}
