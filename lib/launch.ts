/**
 * What a service tells whoever starts it (`npm start`, lib/cli/start.ts) before
 * it runs: where it will listen, the node flags of its memory budget, and what
 * else the starter must know — or every problem of its configuration. Each side
 * answers from its own configuration reader (gateway/launch.ts,
 * subgraphs/kit/launch.ts), run as a short process, so the starter needs to
 * import neither side.
 */
import { ConfigError } from './config';

export interface LaunchFacts {
  host: string;
  port: number;
  /** Its metrics listener's, when it has one of its own. */
  metricsPort: number | undefined;
  /** Node's flags for it: the heap of its memory budget. */
  nodeFlags: string[];
  production: boolean;
  /** Shutdown delay plus grace period: how long a stop may rightly take. */
  stopMs: number;
  /** A subgraph on embedded PGlite: where it keeps its files. */
  embeddedDataDir?: string;
  /** The gateway: the routing URLs its configuration sets itself, by subgraph. */
  subgraphUrls?: Record<string, string>;
}

/** One line of a launch-facts answer: a service's facts, or its configuration's problems. */
export type LaunchAnswer =
  { service: string; facts: LaunchFacts } | { service: string; problems: string[] };

/** Prints one answer line per service to stdout; a configuration error becomes its problems. */
export function answerLaunchFacts(services: Record<string, () => LaunchFacts>): void {
  for (const [service, facts] of Object.entries(services)) {
    let answer: LaunchAnswer;
    try {
      answer = { service, facts: facts() };
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      answer = { service, problems: error.problems };
    }
    process.stdout.write(`${JSON.stringify(answer)}\n`);
  }
}
