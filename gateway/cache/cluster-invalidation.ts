/**
 * Invalidations that reach every worker of a clustered gateway
 * (HUTONG_GATEWAY_WORKERS above 1). Without Redis each worker keeps its caches
 * in its own memory while the cluster spreads a user's connections over all of
 * them, so a mutation answered by one worker must drop what it changed from
 * every worker before its answer leaves: otherwise the user's next read, or
 * anyone's read of a merchant's change, lands on another worker and shows the
 * old state until the entry expires.
 *
 * The worker that ran the mutation drops its own entries and sends the tags to
 * the primary; the primary passes them to every other worker holding a cache
 * and answers once each has dropped its entries (or has gone, or has let
 * RELAY_TIMEOUT_MS pass: one stuck worker must not hold every mutation). The
 * mutation's response waits for that answer. The primary must call
 * `relayClusterInvalidations()` before forking; a worker that never hears from
 * a relay invalidates only its own cache, as a single process does.
 */
import { randomUUID } from 'node:crypto';
import cluster, { type Worker } from 'node:cluster';
import type { Logger } from '../../lib/logger';
import type { CacheStore, CacheWrite } from './store';

/** Worker to primary: this worker holds a cache. Primary to worker: invalidations are relayed. */
const PEER = 'hutong:cache-peer';
/** Drop the entries of these tags; from a worker to the primary, and from it to the others. */
const INVALIDATE = 'hutong:cache-invalidate';
/** The entries are gone: from each worker to the primary, and from it to the worker that asked. */
const INVALIDATED = 'hutong:cache-invalidated';

const RELAY_TIMEOUT_MS = 1_000;
/** A worker's own bound, for a primary that stopped answering. */
const WORKER_TIMEOUT_MS = 2 * RELAY_TIMEOUT_MS;

/** What workers and the primary tell each other about the caches. */
export type CacheMessage =
  | { type: typeof PEER }
  | { type: typeof INVALIDATE; id: string; tags: string[] }
  | { type: typeof INVALIDATED; id: string };

function isMessage(message: unknown): message is CacheMessage {
  const type = (message as { type?: unknown } | null)?.type;
  return type === PEER || type === INVALIDATE || type === INVALIDATED;
}

/** How a worker talks to its primary: the process's IPC channel. */
export interface PrimaryChannel {
  send(message: CacheMessage): Promise<void>;
  onMessage(listener: (message: unknown) => void): () => void;
}

const processChannel: PrimaryChannel = {
  send: (message) =>
    new Promise((resolve, reject) => {
      if (!process.send || !process.connected) return reject(new Error('no primary process'));
      process.send(message, undefined, undefined, (error) => (error ? reject(error) : resolve()));
    }),
  onMessage: (listener) => {
    process.on('message', listener);
    return () => process.off('message', listener);
  },
};

/**
 * A worker's cache whose invalidations reach every worker's. Reads and writes
 * stay in this process.
 */
export class ClusterCacheStore implements CacheStore {
  private relayed = false;
  private readonly waiting = new Map<string, () => void>();
  private readonly stopListening: () => void;

  constructor(
    private readonly local: CacheStore,
    private readonly log: Logger,
    private readonly primary: PrimaryChannel = processChannel,
  ) {
    this.stopListening = primary.onMessage((message) => void this.receive(message));
    primary.send({ type: PEER }).catch(() => {});
  }

  getMany(keys: readonly string[]): Promise<(string | null)[]> {
    return this.local.getMany(keys);
  }

  setMany(entries: readonly CacheWrite[]): Promise<void> {
    return this.local.setMany(entries);
  }

  delete(keys: readonly string[]): Promise<void> {
    return this.local.delete(keys);
  }

  async invalidate(tags: readonly string[]): Promise<void> {
    await this.local.invalidate(tags);
    if (tags.length === 0 || !this.relayed) return;
    const id = randomUUID();
    const dropped = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), WORKER_TIMEOUT_MS);
      // A worker that is stopping need not wait for an answer nobody will send.
      timer.unref();
      this.waiting.set(id, () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
    try {
      await this.primary.send({ type: INVALIDATE, id, tags: [...tags] });
      if (!(await dropped))
        this.log.warn(
          { tags: tags.length },
          'the other gateway workers did not confirm an invalidation in time',
        );
    } catch (error) {
      this.log.warn({ err: error }, 'an invalidation could not reach the other gateway workers');
    } finally {
      this.waiting.delete(id);
    }
  }

  close(): void {
    this.stopListening();
    for (const done of this.waiting.values()) done();
  }

  private async receive(message: unknown): Promise<void> {
    if (!isMessage(message)) return;
    if (message.type === PEER) {
      this.relayed = true;
    } else if (message.type === INVALIDATED) {
      this.waiting.get(message.id)?.();
    } else {
      await this.local.invalidate(message.tags);
      await this.primary.send({ type: INVALIDATED, id: message.id }).catch(() => {});
    }
  }
}

/** The cache a worker of a cluster keeps: `local`, with invalidations reaching every worker. */
export function clusterWide(local: CacheStore, log: Logger): { store: CacheStore; close(): void } {
  if (!cluster.isWorker) return { store: local, close: () => {} };
  const store = new ClusterCacheStore(local, log);
  return { store, close: () => store.close() };
}

interface Relay {
  origin: Worker;
  id: string;
  /** Workers yet to drop their entries. */
  left: Set<number>;
  timer: NodeJS.Timeout;
}

/**
 * In the primary process: passes each worker's invalidations to every other
 * worker holding a cache, and tells the worker that asked once they have all
 * dropped their entries. Call once, before forking.
 */
export function relayClusterInvalidations(log?: Logger): void {
  const peers = new Map<number, Worker>();
  const relays = new Map<string, Relay>();

  const send = (worker: Worker, message: CacheMessage): boolean => {
    if (!worker.isConnected()) return false;
    try {
      worker.send(message);
      return true;
    } catch {
      return false;
    }
  };
  const finish = (key: string) => {
    const relay = relays.get(key);
    if (!relay) return;
    relays.delete(key);
    clearTimeout(relay.timer);
    send(relay.origin, { type: INVALIDATED, id: relay.id });
  };
  const dropped = (key: string, workerId: number) => {
    const relay = relays.get(key);
    if (!relay) return;
    relay.left.delete(workerId);
    if (relay.left.size === 0) finish(key);
  };

  cluster.on('message', (worker: Worker, message: unknown) => {
    if (!isMessage(message)) return;
    if (message.type === PEER) {
      peers.set(worker.id, worker);
      send(worker, { type: PEER });
    } else if (message.type === INVALIDATED) {
      dropped(message.id, worker.id);
    } else {
      const key = `${worker.id}:${message.id}`;
      const others = [...peers.values()].filter((peer) => peer.id !== worker.id);
      const relay: Relay = {
        origin: worker,
        id: message.id,
        left: new Set(others.map((peer) => peer.id)),
        timer: setTimeout(() => {
          log?.warn(
            { workers: [...(relays.get(key)?.left ?? [])] },
            'gateway workers did not confirm an invalidation in time',
          );
          finish(key);
        }, RELAY_TIMEOUT_MS),
      };
      relays.set(key, relay);
      for (const peer of others)
        if (!send(peer, { type: INVALIDATE, id: key, tags: message.tags })) dropped(key, peer.id);
      if (relay.left.size === 0) finish(key);
    }
  });
  // A worker that is gone holds no entries: nobody waits for it.
  cluster.on('exit', (worker: Worker) => {
    peers.delete(worker.id);
    for (const key of [...relays.keys()]) dropped(key, worker.id);
  });
}
