/** The collapse layer alone, over a `next` the test answers when it chooses. */
import { FetchCollapsing } from '../../gateway/subgraph-client/collapse';
import type { FetchedAnswer, SubgraphFetch } from '../../gateway/subgraph-client/fetch';
import { answer, fakeIncoming, subgraphFetch } from '../support/subgraph-fetch';

const LIN = { userId: 'u-lin', appId: 'app', scopes: new Set<never>() };

/** A `next` that holds every fetch until `release`. */
function heldNext() {
  const sent: SubgraphFetch[] = [];
  let release!: (answer: FetchedAnswer) => void;
  const answered = new Promise<FetchedAnswer>((resolve) => (release = resolve));
  return {
    sent,
    release: (value: FetchedAnswer) => release(value),
    next: (fetch: SubgraphFetch) => {
      sent.push(fetch);
      return answered;
    },
  };
}

function layer() {
  let collapsed = 0;
  return { collapse: new FetchCollapsing(() => collapsed++), collapsed: () => collapsed };
}

describe('collapsing identical fetches on their way', () => {
  it('sends identical query fetches of one viewer once, and gives each its own copy', async () => {
    const { collapse, collapsed } = layer();
    const { next, sent, release } = heldNext();
    const answers = Promise.all(
      [1, 2, 3].map(() => collapse.run(subgraphFetch({ incoming: fakeIncoming(LIN) }), next)),
    );
    release(answer({ data: { nearbyStores: [{ id: 's1' }] } }));
    const [first, second, third] = await answers;
    expect(sent).toHaveLength(1);
    expect(collapsed()).toBe(2);
    expect(second!.response).toEqual(first!.response);
    expect(second!.response).not.toBe(first!.response);
    expect(third!.response).not.toBe(second!.response);
  });

  it("never shares one viewer's fetch with another's", async () => {
    const { collapse, collapsed } = layer();
    const { next, sent, release } = heldNext();
    const answers = Promise.all([
      collapse.run(subgraphFetch({ incoming: fakeIncoming(LIN) }), next),
      collapse.run(subgraphFetch({ incoming: fakeIncoming() }), next),
    ]);
    release(answer({ data: {} }));
    await answers;
    expect(sent).toHaveLength(2);
    expect(collapsed()).toBe(0);
  });

  it('never shares a mutation', async () => {
    const { collapse } = layer();
    const { next, sent, release } = heldNext();
    const mutation = { kind: 'mutation' as const, request: { query: 'mutation { a }' } };
    const answers = Promise.all([
      collapse.run(subgraphFetch(mutation), next),
      collapse.run(subgraphFetch(mutation), next),
    ]);
    release(answer({ data: { a: 1 } }));
    await answers;
    expect(sent).toHaveLength(2);
  });

  it('abandons a shared fetch only when every request waiting on it has gone', async () => {
    const { collapse } = layer();
    const { next, sent } = heldNext();
    const leaving = [new AbortController(), new AbortController()];
    const waits = leaving.map((controller) =>
      collapse
        .run(subgraphFetch({ incoming: fakeIncoming(LIN, controller.signal) }), next)
        .catch((error: unknown) => error),
    );
    leaving[0]!.abort(new Error('client gone'));
    await waits[0];
    expect(sent[0]!.signal?.aborted).toBe(false);
    leaving[1]!.abort(new Error('client gone'));
    await waits[1];
    expect(sent[0]!.signal?.aborted).toBe(true);
  });

  it('sends the fetch again once the first has answered', async () => {
    const { collapse } = layer();
    let sent = 0;
    const next = async () => (sent++, answer({ data: {} }));
    await collapse.run(subgraphFetch(), next);
    await collapse.run(subgraphFetch(), next);
    expect(sent).toBe(2);
  });
});
