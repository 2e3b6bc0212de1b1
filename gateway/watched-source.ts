/**
 * A document the gateway serves by and reloads without a restart (the app
 * registry, the persisted-operation manifest): a file, watched and polled,
 * or a URL, polled with its ETag. Each new content is parsed before it
 * replaces the one in use; one that does not parse is logged and ignored,
 * and the previous one keeps serving.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../lib/logger';

export interface WatchedSourceOptions<T> {
  /** What the document is, for log lines ("app registry"). */
  what: string;
  file?: string | undefined;
  /** Fetched instead of reading `file`, when set. */
  url?: string | undefined;
  pollMs: number;
  /** Throws, with a message a person can act on, when the text is not a valid document. */
  parse(text: string, origin: string): T;
  log: Logger;
}

export interface WatchedSource<T> {
  /** The document in use now. */
  current(): T;
  /** Called after each successful reload. */
  onChange(listener: (value: T) => void): void;
  close(): void;
}

/** A save arrives as several events (truncate, write, rename); one reload follows them. */
const DEBOUNCE_MS = 100;

const hashOf = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * How long one fetch of a URL may take. Not the poll interval: a short poll
 * (tests poll every 100 ms) would abort a large document's first load on a
 * busy machine, while a slow answer only delays the next poll.
 */
const FETCH_TIMEOUT_MS = 10_000;

/**
 * Loads the document once (a failure here is the caller's: there is nothing to
 * serve yet), then keeps it current.
 */
export async function watchSource<T>(options: WatchedSourceOptions<T>): Promise<WatchedSource<T>> {
  const origin = options.url ?? options.file;
  if (!origin) throw new Error(`${options.what}: neither a file nor a URL is configured`);
  const listeners: ((value: T) => void)[] = [];
  const { log } = options;

  const fetchTimeoutMs = Math.max(options.pollMs, FETCH_TIMEOUT_MS);
  let etag: string | null = null;
  const stopped = new AbortController();
  const readText = async (): Promise<string | undefined> => {
    if (!options.url) return fs.promises.readFile(options.file!, 'utf8');
    const response = await fetch(options.url, {
      headers: etag ? { 'if-none-match': etag } : {},
      signal: AbortSignal.any([stopped.signal, AbortSignal.timeout(fetchTimeoutMs)]),
    });
    if (response.status === 304) return undefined;
    if (!response.ok) throw new Error(`${options.url} answered HTTP ${response.status}`);
    const text = await response.text();
    etag = response.headers.get('etag');
    return text;
  };

  const initialText = await readText();
  if (initialText === undefined) throw new Error(`${origin} sent no ${options.what}`);
  let value = options.parse(initialText, origin);
  let lastSeen = hashOf(initialText);

  const offer = (text: string) => {
    const hash = hashOf(text);
    if (hash === lastSeen) return;
    lastSeen = hash;
    let next: T;
    try {
      next = options.parse(text, origin);
    } catch (error) {
      log.error(
        { err: error, source: origin },
        `${options.what} rejected; the previous one keeps serving`,
      );
      return;
    }
    value = next;
    log.info({ source: origin, sha256: hash }, `${options.what} reloaded`);
    for (const listener of listeners) listener(next);
  };

  let reading = false;
  const reload = () => {
    if (reading) return;
    reading = true;
    readText()
      .then(
        (text) => text !== undefined && offer(text),
        (error: unknown) => {
          if (stopped.signal.aborted) return;
          log.warn(
            { err: error, source: origin },
            `cannot read the ${options.what}; the previous one keeps serving`,
          );
        },
      )
      .finally(() => {
        reading = false;
      });
  };

  let debounce: NodeJS.Timeout | undefined;
  const schedule = () => {
    clearTimeout(debounce);
    debounce = setTimeout(reload, DEBOUNCE_MS).unref();
  };
  let watcher: fs.FSWatcher | undefined;
  if (!options.url) {
    const file = options.file!;
    // The folder, not the file: an atomic save replaces the file a watch would hold.
    try {
      watcher = fs.watch(path.dirname(file), { persistent: false }, (_event, name) => {
        if (name === null || name === path.basename(file)) schedule();
      });
      watcher.on('error', () => watcher?.close());
    } catch {
      // Polling below still finds changes.
    }
  }
  const poll = setInterval(options.url ? reload : schedule, options.pollMs).unref();

  return {
    current: () => value,
    onChange: (listener) => void listeners.push(listener),
    close: () => {
      watcher?.close();
      clearInterval(poll);
      clearTimeout(debounce);
      stopped.abort();
    },
  };
}
