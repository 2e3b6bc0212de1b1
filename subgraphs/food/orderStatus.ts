/**
 * The food order state machine (documented on FoodOrderStatus), one path a
 * fulfilment mode:
 *
 *   DELIVERY         PLACED ──accept──▶ ACCEPTED ──dispatch──▶ DELIVERING ──deliver──▶ DELIVERED
 *   PICKUP, DINE_IN  PLACED ──accept──▶ ACCEPTED ──markReady─▶ READY ──────complete──▶ COMPLETED
 *                      │                   │
 *                      └──────cancel───────┴──▶ CANCELLED
 *
 * The store's staff accept, dispatch, deliver, mark ready and complete; the
 * customer cancels, and only until the food has left the kitchen: a rider has
 * it, or it waits at the counter or is on its way to the table. No status is
 * entered twice.
 */
export type FoodOrderStatus =
  'PLACED' | 'ACCEPTED' | 'DELIVERING' | 'DELIVERED' | 'READY' | 'COMPLETED' | 'CANCELLED';
export type FoodOrderAction =
  'ACCEPT' | 'DISPATCH' | 'DELIVER' | 'MARK_READY' | 'COMPLETE' | 'CANCEL';
export type FoodOrderActor = 'CUSTOMER' | 'STORE_STAFF';
export type FoodFulfilment = 'DELIVERY' | 'PICKUP' | 'DINE_IN';

export const FULFILMENTS: readonly FoodFulfilment[] = ['DELIVERY', 'PICKUP', 'DINE_IN'];
const IN_STORE: readonly FoodFulfilment[] = ['PICKUP', 'DINE_IN'];

/** Every status in the order an order passes them, as its history lists them. */
export const STATUS_ORDER: readonly FoodOrderStatus[] = [
  'PLACED',
  'ACCEPTED',
  'DELIVERING',
  'DELIVERED',
  'READY',
  'COMPLETED',
  'CANCELLED',
];

/** What a kitchen still has to act on: its queue shows these unless asked for others. */
export const OPEN_KITCHEN_STATUSES: readonly FoodOrderStatus[] = [
  'PLACED',
  'ACCEPTED',
  'READY',
  'DELIVERING',
];

export interface Transition {
  from: readonly FoodOrderStatus[];
  to: FoodOrderStatus;
  by: FoodOrderActor;
  /** The modes whose orders take this step. */
  modes: readonly FoodFulfilment[];
}

export const TRANSITIONS: Record<FoodOrderAction, Transition> = {
  ACCEPT: { from: ['PLACED'], to: 'ACCEPTED', by: 'STORE_STAFF', modes: FULFILMENTS },
  DISPATCH: { from: ['ACCEPTED'], to: 'DELIVERING', by: 'STORE_STAFF', modes: ['DELIVERY'] },
  DELIVER: { from: ['DELIVERING'], to: 'DELIVERED', by: 'STORE_STAFF', modes: ['DELIVERY'] },
  MARK_READY: { from: ['ACCEPTED'], to: 'READY', by: 'STORE_STAFF', modes: IN_STORE },
  COMPLETE: { from: ['READY'], to: 'COMPLETED', by: 'STORE_STAFF', modes: IN_STORE },
  CANCEL: { from: ['PLACED', 'ACCEPTED'], to: 'CANCELLED', by: 'CUSTOMER', modes: FULFILMENTS },
};

/**
 * The status `action` leads to from `current` for an order served by
 * `fulfilment`, or null when the machine forbids it.
 */
export function nextStatus(
  current: string,
  action: FoodOrderAction,
  fulfilment: string,
): FoodOrderStatus | null {
  const transition = TRANSITIONS[action];
  return (transition.from as readonly string[]).includes(current) &&
    (transition.modes as readonly string[]).includes(fulfilment)
    ? transition.to
    : null;
}
