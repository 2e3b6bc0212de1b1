/**
 * A signal may come at any moment of a service's start-up: what has started
 * stops, last first, after the step in progress has finished; nothing after
 * it starts; the process exits once.
 */
import { EventEmitter } from 'node:events';
import { StopOrder, type SignalledProcess } from '../../lib/shutdown';

class FakeProcess extends EventEmitter implements SignalledProcess {
  readonly exits: number[] = [];
  private exited!: (code: number) => void;
  readonly exitCode = new Promise<number>((resolve) => (this.exited = resolve));
  exit(code: number): void {
    this.exits.push(code);
    this.exited(code);
  }
  signal(name: 'SIGINT' | 'SIGTERM'): void {
    this.emit(name, name);
  }
}

function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((settle) => (resolve = settle));
  return { promise, resolve };
}

describe('StopOrder', () => {
  it('lets the step in progress finish, then undoes every step last first, and exits 0', async () => {
    const proc = new FakeProcess();
    const events: string[] = [];
    const stops = new StopOrder({ stopping: (signal) => events.push(`stopping ${signal}`) }, proc);
    const listening = deferred<string>();
    const startUp = (async () => {
      await stops.step(Promise.resolve('db'), async () => void events.push('db closed'));
      await stops.step(listening.promise, async () => void events.push('listener drained'));
      events.push('past the listener');
      await stops.step(Promise.resolve('jobs'), async () => void events.push('jobs stopped'));
    })();

    await new Promise(setImmediate);
    proc.signal('SIGTERM');
    await new Promise(setImmediate);
    expect(events).toEqual(['stopping SIGTERM']);
    expect(proc.exits).toEqual([]);

    listening.resolve('http://localhost:1');
    expect(await proc.exitCode).toBe(0);
    expect(events).toEqual(['stopping SIGTERM', 'listener drained', 'db closed']);
    let startUpSettled = false;
    void startUp.finally(() => (startUpSettled = true));
    await new Promise(setImmediate);
    expect(startUpSettled).toBe(false);
  });

  it('stops what was started outside a step in the same order, last first', async () => {
    const proc = new FakeProcess();
    const events: string[] = [];
    const stops = new StopOrder({}, proc);
    await stops.step(Promise.resolve(), async () => void events.push('metrics listener closed'));
    stops.started(async () => void events.push('workers drained'));
    proc.signal('SIGTERM');
    expect(await proc.exitCode).toBe(0);
    expect(events).toEqual(['workers drained', 'metrics listener closed']);
  });

  it('exits 0 at once when nothing has started', async () => {
    const proc = new FakeProcess();
    new StopOrder({}, proc);
    proc.signal('SIGINT');
    expect(await proc.exitCode).toBe(0);
  });

  it('runs its stops once however many signals come', async () => {
    const proc = new FakeProcess();
    let closes = 0;
    const stops = new StopOrder({}, proc);
    await stops.step(Promise.resolve(), async () => void closes++);
    proc.signal('SIGINT');
    proc.signal('SIGTERM');
    proc.signal('SIGINT');
    await proc.exitCode;
    await new Promise(setImmediate);
    expect(closes).toBe(1);
    expect(proc.exits).toEqual([0]);
  });

  it('exits 1 and says so when a stop fails, after a step that failed to start', async () => {
    const proc = new FakeProcess();
    const failures: unknown[] = [];
    const stops = new StopOrder({ failed: (error) => failures.push(error) }, proc);
    await stops.step(Promise.resolve(), async () => {
      throw new Error('the database would not close');
    });
    await expect(stops.step(Promise.reject(new Error('port in use')))).rejects.toThrow(
      'port in use',
    );
    proc.signal('SIGTERM');
    expect(await proc.exitCode).toBe(1);
    expect(failures).toEqual([new Error('the database would not close')]);
  });
});
