/**
 * The food order state machine (documented on FoodOrderStatus):
 *
 *   PLACED ──accept──▶ ACCEPTED ──dispatch──▶ DELIVERING ──deliver──▶ DELIVERED
 *     │                   │
 *     └──────cancel───────┴──▶ CANCELLED
 *
 * The store's staff accept, dispatch and deliver; the customer cancels, and only
 * until a rider has the food. No status is entered twice.
 */
export type FoodOrderStatus = 'PLACED' | 'ACCEPTED' | 'DELIVERING' | 'DELIVERED' | 'CANCELLED';
export type FoodOrderAction = 'ACCEPT' | 'DISPATCH' | 'DELIVER' | 'CANCEL';
export type FoodOrderActor = 'CUSTOMER' | 'STORE_STAFF';

export interface Transition {
  from: readonly FoodOrderStatus[];
  to: FoodOrderStatus;
  by: FoodOrderActor;
}

export const TRANSITIONS: Record<FoodOrderAction, Transition> = {
  ACCEPT: { from: ['PLACED'], to: 'ACCEPTED', by: 'STORE_STAFF' },
  DISPATCH: { from: ['ACCEPTED'], to: 'DELIVERING', by: 'STORE_STAFF' },
  DELIVER: { from: ['DELIVERING'], to: 'DELIVERED', by: 'STORE_STAFF' },
  CANCEL: { from: ['PLACED', 'ACCEPTED'], to: 'CANCELLED', by: 'CUSTOMER' },
};

/** The status `action` leads to from `current`, or null when the machine forbids it. */
export function nextStatus(current: string, action: FoodOrderAction): FoodOrderStatus | null {
  const transition = TRANSITIONS[action];
  return (transition.from as readonly string[]).includes(current) ? transition.to : null;
}
