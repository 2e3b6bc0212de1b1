import {
  checkOrderLines,
  MAX_LINE_QUANTITY,
  MAX_ORDER_LINES,
} from '../../../subgraphs/food/data/orders';
import {
  nextStatus,
  STATUS_ORDER,
  TRANSITIONS,
  type FoodFulfilment,
  type FoodOrderAction,
  type FoodOrderStatus,
} from '../../../subgraphs/food/orderStatus';

const ACTIONS: FoodOrderAction[] = [
  'ACCEPT',
  'DISPATCH',
  'DELIVER',
  'MARK_READY',
  'COMPLETE',
  'CANCEL',
];
const MODES: FoodFulfilment[] = ['DELIVERY', 'PICKUP', 'DINE_IN'];

describe('the food order state machine', () => {
  const common: Record<string, FoodOrderStatus> = {
    'PLACED ACCEPT': 'ACCEPTED',
    'PLACED CANCEL': 'CANCELLED',
    'ACCEPTED CANCEL': 'CANCELLED',
  };
  const inStore = {
    ...common,
    'ACCEPTED MARK_READY': 'READY',
    'READY COMPLETE': 'COMPLETED',
  } as const;
  const allowed: Record<FoodFulfilment, Record<string, FoodOrderStatus>> = {
    DELIVERY: {
      ...common,
      'ACCEPTED DISPATCH': 'DELIVERING',
      'DELIVERING DELIVER': 'DELIVERED',
    },
    PICKUP: inStore,
    DINE_IN: inStore,
  };

  it.each(
    MODES.flatMap((mode) =>
      STATUS_ORDER.flatMap((status) => ACTIONS.map((action) => [mode, status, action] as const)),
    ),
  )('for %s, from %s, %s goes where the diagram says and nowhere else', (mode, status, action) => {
    expect(nextStatus(status, action, mode)).toBe(allowed[mode][`${status} ${action}`] ?? null);
  });

  it('ends a delivery at DELIVERED, an order served in store at COMPLETED, any at CANCELLED', () => {
    for (const [mode, end] of [
      ['DELIVERY', 'DELIVERED'],
      ['PICKUP', 'COMPLETED'],
      ['DINE_IN', 'COMPLETED'],
    ] as const) {
      for (const action of ACTIONS) {
        expect(nextStatus(end, action, mode)).toBeNull();
        expect(nextStatus('CANCELLED', action, mode)).toBeNull();
      }
    }
  });

  it("leaves cancelling to the customer and every other move to the store's staff", () => {
    expect(TRANSITIONS.CANCEL.by).toBe('CUSTOMER');
    for (const action of ['ACCEPT', 'DISPATCH', 'DELIVER', 'MARK_READY', 'COMPLETE'] as const) {
      expect(TRANSITIONS[action].by).toBe('STORE_STAFF');
    }
  });

  it('refuses an unknown status and an unknown mode', () => {
    expect(nextStatus('LOST', 'ACCEPT', 'DELIVERY')).toBeNull();
    expect(nextStatus('PLACED', 'ACCEPT', 'DRONE')).toBeNull();
  });
});

describe('the order lines a customer may send', () => {
  const line = (i: number, quantity = 1) => ({ menuItemId: `mi-${i}`, quantity });
  const codes = (lines: { menuItemId: string; quantity: number }[]) =>
    checkOrderLines(lines).map((e) => e.code);

  it('needs at least one line', () => {
    expect(checkOrderLines([])).toEqual([
      { code: 'EMPTY_ORDER', message: expect.any(String), field: ['input', 'lines'] },
    ]);
    expect(codes([line(1)])).toEqual([]);
  });

  it(`takes ${MAX_ORDER_LINES} lines and refuses one more`, () => {
    const lines = Array.from({ length: MAX_ORDER_LINES + 1 }, (_, i) => line(i));
    expect(codes(lines.slice(0, MAX_ORDER_LINES))).toEqual([]);
    expect(codes(lines)).toEqual(['TOO_MANY_LINES']);
  });

  it(`takes quantities 1 to ${MAX_LINE_QUANTITY} and names the line of any other`, () => {
    expect(codes([line(1, 1), line(2, MAX_LINE_QUANTITY)])).toEqual([]);
    expect(checkOrderLines([line(1, 0), line(2, MAX_LINE_QUANTITY + 1)])).toEqual([
      expect.objectContaining({
        code: 'INVALID_QUANTITY',
        field: ['input', 'lines', '0', 'quantity'],
      }),
      expect.objectContaining({
        code: 'INVALID_QUANTITY',
        field: ['input', 'lines', '1', 'quantity'],
      }),
    ]);
    expect(codes([line(1, -1)])).toEqual(['INVALID_QUANTITY']);
  });

  it('wants each item on one line', () => {
    expect(checkOrderLines([line(1), line(2), line(1)])).toEqual([
      expect.objectContaining({
        code: 'DUPLICATE_LINE',
        field: ['input', 'lines', '2', 'menuItemId'],
      }),
    ]);
  });
});
