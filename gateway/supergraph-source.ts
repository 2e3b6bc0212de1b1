/**
 * Where the gateway's supergraph comes from, and how a new one reaches it
 * without a restart: both sources are @apollo/gateway `SupergraphManager`s,
 * whose `update` callback swaps the schema and query planner between requests
 * (a request already running finishes on the schema it started with).
 *
 * A supergraph that cannot be read, parsed or built is logged and ignored: the
 * one being served keeps serving, and the same content is not tried again
 * until it changes.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { SupergraphManager, SupergraphSdlUpdateFunction } from '@apollo/gateway';
import type { Logger } from '../lib/logger';

export interface SupergraphSourceOptions {
  /** How often the file is checked besides its change events, or the URL fetched. */
  pollMs: number;
  log: Logger;
}

/** A save arrives as several events (truncate, write, rename); one reload follows them. */
const DEBOUNCE_MS = 100;

const hashOf = (sdl: string) => createHash('sha256').update(sdl).digest('hex');

/** Hands new supergraph text to the gateway once per distinct content. */
class Offers {
  private serving: string;
  private lastSeen: string;

  constructor(
    initialSdl: string,
    private readonly update: SupergraphSdlUpdateFunction,
    private readonly log: Logger,
    private readonly origin: string,
  ) {
    this.serving = this.lastSeen = hashOf(initialSdl);
  }

  offer(sdl: string): void {
    const hash = hashOf(sdl);
    if (hash === this.serving || hash === this.lastSeen) {
      this.lastSeen = hash;
      return;
    }
    this.lastSeen = hash;
    try {
      // Parses, validates and builds the query planner; throws, changing nothing, when it cannot.
      this.update(sdl);
    } catch (error) {
      this.log.error(
        { err: error, supergraph: this.origin },
        'supergraph rejected; the previous one keeps serving',
      );
      return;
    }
    this.serving = hash;
    this.log.info({ supergraph: this.origin, sha256: hash }, 'supergraph reloaded');
  }
}

/**
 * A supergraph file, reloaded when it changes. The folder is watched rather
 * than the file, because an atomic save (write elsewhere, then rename over)
 * replaces the file the watch would be attached to; and a periodic stat
 * catches what file events miss (network and container file systems).
 */
export function supergraphFile(file: string, options: SupergraphSourceOptions): SupergraphManager {
  const { log, pollMs } = options;
  return {
    async initialize({ update }) {
      const statKey = () => {
        try {
          const stat = fs.statSync(file);
          return `${stat.ino}:${stat.size}:${stat.mtimeMs}`;
        } catch {
          return 'missing';
        }
      };
      let lastStat = statKey();
      const initialSdl = fs.readFileSync(file, 'utf8');
      const offers = new Offers(initialSdl, update, log, file);

      let debounce: NodeJS.Timeout | undefined;
      const reload = () => {
        let sdl;
        try {
          sdl = fs.readFileSync(file, 'utf8');
        } catch (error) {
          log.warn(
            { err: error, supergraph: file },
            'cannot read the supergraph; the previous one keeps serving',
          );
          return;
        }
        offers.offer(sdl);
      };
      const schedule = () => {
        clearTimeout(debounce);
        debounce = setTimeout(reload, DEBOUNCE_MS).unref();
      };

      let watcher: fs.FSWatcher | undefined;
      try {
        watcher = fs.watch(path.dirname(file), { persistent: false }, (_event, name) => {
          if (name === null || name === path.basename(file)) schedule();
        });
        watcher.on('error', (error) => {
          log.warn({ err: error, supergraph: file }, 'stopped watching the supergraph file');
          watcher?.close();
        });
      } catch (error) {
        log.warn({ err: error, supergraph: file }, 'cannot watch the supergraph file; polling it');
      }
      const poll = setInterval(() => {
        const key = statKey();
        if (key === lastStat) return;
        lastStat = key;
        schedule();
      }, pollMs).unref();

      return {
        supergraphSdl: initialSdl,
        cleanup: async () => {
          watcher?.close();
          clearInterval(poll);
          clearTimeout(debounce);
        },
      };
    },
  };
}

/**
 * A supergraph published at a URL (a schema registry, an object store),
 * fetched every `pollMs`. The ETag of the last answer is sent back, so an
 * unchanged supergraph costs a 304. The first fetch must succeed: without a
 * supergraph there is nothing to serve.
 */
export function supergraphUrl(url: string, options: SupergraphSourceOptions): SupergraphManager {
  const { log, pollMs } = options;
  return {
    async initialize({ update }) {
      const stopped = new AbortController();
      let etag: string | null = null;
      const fetchChanged = async (): Promise<string | undefined> => {
        const response = await fetch(url, {
          headers: etag ? { 'if-none-match': etag } : {},
          signal: AbortSignal.any([stopped.signal, AbortSignal.timeout(pollMs)]),
        });
        if (response.status === 304) return undefined;
        if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}`);
        const sdl = await response.text();
        etag = response.headers.get('etag');
        return sdl;
      };

      const initialSdl = await fetchChanged();
      if (initialSdl === undefined) throw new Error(`${url} sent no supergraph`);
      const offers = new Offers(initialSdl, update, log, url);

      let polling = false;
      const poll = setInterval(() => {
        if (polling) return;
        polling = true;
        fetchChanged()
          .then(
            (sdl) => sdl !== undefined && offers.offer(sdl),
            (error: unknown) => {
              if (stopped.signal.aborted) return;
              log.warn(
                { err: error, supergraph: url },
                'cannot fetch the supergraph; the previous one keeps serving',
              );
            },
          )
          .finally(() => {
            polling = false;
          });
      }, pollMs).unref();

      return {
        supergraphSdl: initialSdl,
        cleanup: async () => {
          clearInterval(poll);
          stopped.abort();
        },
      };
    },
  };
}
