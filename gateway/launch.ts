/** The gateway's launch facts (lib/launch.ts), printed as one JSON line: `tsx gateway/launch.ts`. */
import { answerLaunchFacts } from '../lib/launch';
import { gatewayHeapFlags } from '../lib/memory';
import { loadGatewayConfig } from './config';

answerLaunchFacts({
  gateway: () => {
    const config = loadGatewayConfig();
    return {
      host: config.host,
      port: config.port,
      metricsPort: config.metrics?.port,
      nodeFlags: gatewayHeapFlags(config),
      production: config.env === 'production',
      stopMs: config.shutdown.delayMs + config.shutdown.graceMs,
      subgraphUrls: config.subgraphUrls,
    };
  },
});
