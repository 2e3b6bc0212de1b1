/** For tests and benches that run Hutong's own processes, as a user starts them. */
import net from 'node:net';

/** A port nothing listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * The environment without any DATABASE_URL or REDIS_URL: processes started
 * with it run on the embedded defaults, whatever PostgreSQL and Redis the test
 * run itself may use.
 */
export function embeddedEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !name.endsWith('DATABASE_URL') && name !== 'REDIS_URL',
    ),
  );
}
