/**
 * The subgraphs' launch facts (lib/launch.ts), one JSON line each:
 * `tsx subgraphs/kit/launch.ts`.
 */
import path from 'node:path';
import { PROJECT_ROOT, SUBGRAPH_NAMES } from '../../lib/config';
import { answerLaunchFacts, type LaunchFacts } from '../../lib/launch';
import { heapFlags } from '../../lib/memory';
import { loadSubgraphConfig } from './config';

answerLaunchFacts(
  Object.fromEntries(
    SUBGRAPH_NAMES.map((name) => [
      name,
      (): LaunchFacts => {
        const config = loadSubgraphConfig(name);
        return {
          host: config.host,
          port: config.port,
          metricsPort: config.metrics?.port,
          nodeFlags: heapFlags(config.memoryMb),
          production: config.env === 'production',
          stopMs: config.shutdown.delayMs + config.shutdown.graceMs,
          ...(config.database.url
            ? {}
            : {
                embeddedDataDir:
                  path.relative(PROJECT_ROOT, path.join(config.database.dataDir, name)) || '.',
              }),
        };
      },
    ]),
  ),
);
