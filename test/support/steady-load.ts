/**
 * Queries sent back to back by a few concurrent clients while a test changes
 * something underneath (a new supergraph, dropped database connections), with
 * every answer recorded in order so the test can say which ones failed.
 */
import { postGraphQL, type GraphQLResponse } from './harness';

export interface LoadAnswer {
  ok: boolean;
  /** The response as the client saw it, or the transport error. */
  raw: string;
}

export interface SteadyLoad {
  answers: LoadAnswer[];
  succeeded(): number;
  failures(): LoadAnswer[];
  stop(): Promise<LoadAnswer[]>;
}

export function startSteadyLoad(
  url: string,
  query: string,
  options: {
    variables?: Record<string, unknown>;
    concurrency?: number;
    /** What counts as a correct answer; by default a 200 with data and no errors. */
    isCorrect?: (response: GraphQLResponse) => boolean;
  } = {},
): SteadyLoad {
  const isCorrect =
    options.isCorrect ??
    ((response) => response.status === 200 && !response.body.errors && !!response.body.data);
  const answers: LoadAnswer[] = [];
  let running = true;
  const client = async () => {
    while (running) {
      try {
        const response = await postGraphQL(url, query, options.variables ?? {});
        answers.push({ ok: isCorrect(response), raw: response.raw });
      } catch (error) {
        answers.push({ ok: false, raw: String(error) });
      }
    }
  };
  const clients = Array.from({ length: options.concurrency ?? 4 }, client);
  return {
    answers,
    succeeded: () => answers.filter((answer) => answer.ok).length,
    failures: () => answers.filter((answer) => !answer.ok),
    stop: async () => {
      running = false;
      await Promise.all(clients);
      return answers;
    },
  };
}

/** Resolves once `predicate` holds, polling; rejects after `timeoutMs` (a hang, not a speed check). */
export async function waitFor(
  predicate: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
