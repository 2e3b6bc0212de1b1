/**
 * How a service process stops on SIGTERM or SIGINT, whenever the signal comes.
 */

/** What the stop order needs of the process; a test gives it a stand-in. */
export interface SignalledProcess {
  on(signal: 'SIGINT' | 'SIGTERM', listener: (signal: NodeJS.Signals) => void): unknown;
  exit(code: number): void;
}

export interface StopReport {
  /** As the signal comes, before the step running (if any) has finished. */
  stopping?(signal: NodeJS.Signals): void;
  /** Once everything started has stopped. */
  stopped?(): void;
  /** A stop that failed; the process then exits 1. */
  failed?(error: unknown, signal: NodeJS.Signals): void;
}

/**
 * A process's start-up as steps, each with how to undo it, so a signal at any
 * moment stops exactly what has started, last first. A step still running
 * when the signal comes is let finish before anything stops: a listener that
 * has begun to accept connections (a cluster worker's does before its
 * `listen` resolves) is drained rather than cut with requests in it, and a
 * database being opened is closed. Nothing after that step starts. The
 * process then exits 0, or 1 when a stop fails; a second signal (Ctrl-C
 * reaching every process of `npm start`, then SIGTERM from it) changes nothing.
 */
export class StopOrder {
  private readonly undos: (() => Promise<void>)[] = [];
  private running: Promise<unknown> = Promise.resolve();
  private signalled = false;

  constructor(
    private readonly report: StopReport = {},
    private readonly proc: SignalledProcess = process,
  ) {
    const onSignal = (signal: NodeJS.Signals) => void this.stop(signal);
    // `on`, not `once`: a second signal must find a listener, or it would kill the process.
    proc.on('SIGINT', onSignal);
    proc.on('SIGTERM', onSignal);
  }

  /**
   * Runs one start-up step and remembers its undo. Once a signal has come it
   * never settles, so the start-up goes no further while the process stops.
   */
  async step<T>(work: Promise<T>, undo?: (value: T) => Promise<void>): Promise<T> {
    if (this.signalled) return never();
    const started = work.then((value) => {
      if (undo) this.undos.push(() => undo(value));
      return value;
    });
    this.running = started.catch(() => undefined);
    const value = await started;
    return this.signalled ? never() : value;
  }

  /** Remembers how to stop something started outside a step (a cluster's workers). */
  started(undo: () => Promise<void>): void {
    this.undos.push(undo);
  }

  private async stop(signal: NodeJS.Signals): Promise<void> {
    if (this.signalled) return;
    this.signalled = true;
    this.report.stopping?.(signal);
    try {
      await this.running;
      for (const undo of this.undos.reverse()) await undo();
      this.report.stopped?.();
      this.proc.exit(0);
    } catch (error) {
      this.report.failed?.(error, signal);
      this.proc.exit(1);
    }
  }
}

function never<T>(): Promise<T> {
  return new Promise<T>(() => {});
}
