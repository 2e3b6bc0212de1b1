// Jest runs the longest files first so that no worker idles at the end while
// another finishes a long one. It knows how long a file took from its last run;
// on a fresh clone it knows nothing and falls back to file size, which put a
// small file that takes a minute (operation-memory) last, alone on one core.
// Without a recorded time a file is ranked by what it starts instead: a graph
// file starts the subgraphs and a gateway (seconds each time), a fast one none.
const Sequencer = require('@jest/test-sequencer').default;

/** What a graph costs to start, in the recorded times' unit, on a busy two-core machine. */
const GRAPH_FILE_MS = 10_000;

class LongestFirst extends Sequencer {
  time(test) {
    const recorded = super.time(test);
    if (recorded != null) return recorded;
    const bytes = test.context.hasteFS.getSize(test.path) ?? 0;
    const startsAGraph = !/\.(unit|contract)\.test\.ts$/.test(test.path);
    // A fast file runs about a millisecond a hundred bytes; a graph file's own tests more.
    return startsAGraph ? GRAPH_FILE_MS + bytes / 10 : bytes / 100;
  }
}

module.exports = LongestFirst;
