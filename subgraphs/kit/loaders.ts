import DataLoader from 'dataloader';

/** Orders rows to match `keys`, one value (or null) per key, as DataLoader requires. */
export function oneByKey<K, Row>(
  keys: readonly K[],
  rows: readonly Row[],
  keyOf: (row: Row) => K,
): (Row | null)[] {
  const byKey = new Map<K, Row>();
  for (const row of rows) byKey.set(keyOf(row), row);
  return keys.map((key) => byKey.get(key) ?? null);
}

/** Groups rows under `keys`, a (possibly empty) list per key, keeping row order. */
export function manyByKey<K, Row>(
  keys: readonly K[],
  rows: readonly Row[],
  keyOf: (row: Row) => K,
): Row[][] {
  const byKey = new Map<K, Row[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const list = byKey.get(key);
    if (list) list.push(row);
    else byKey.set(key, [row]);
  }
  return keys.map((key) => byKey.get(key) ?? []);
}

/**
 * A loader per distinct argument value (for list fields such as `products(first: 3)`):
 * every store asking with the same argument lands in the same batch.
 */
export function loaderFamily<Arg, K, V>(
  create: (arg: Arg) => DataLoader<K, V>,
): (arg: Arg) => DataLoader<K, V> {
  const loaders = new Map<string, DataLoader<K, V>>();
  return (arg) => {
    const id = JSON.stringify(arg);
    let loader = loaders.get(id);
    if (!loader) {
      loader = create(arg);
      loaders.set(id, loader);
    }
    return loader;
  };
}

export { DataLoader };

/**
 * Loads a row a foreign key promises (a payment's merchant): a schema field
 * that is never null gets the row, and a broken promise is a fault, not a null.
 */
export async function loadReferenced<K, Row>(
  loader: DataLoader<K, Row | null>,
  key: K,
  what: string,
): Promise<Row> {
  const row = await loader.load(key);
  if (row === null) throw new Error(`${what} ${String(key)} is referenced but missing`);
  return row;
}
