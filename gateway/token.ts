import { parseArgs } from 'node:util';
import { ConfigError, loadGatewayConfig } from '../lib/config';
import { signToken } from './auth';

const HELP = `Usage: npm run --silent token -- <user-id> [--expires <duration>]

Prints a bearer token for a user, signed with HUTONG_JWT_SECRET (the development
secret when unset), e.g. for the seeded user "demo":

  curl -H "Authorization: Bearer $(npm run --silent token -- demo)" ...

  --expires <duration>  lifetime such as 2h, 7d (default 7d)
  -h, --help            show this help`;

function main(): void {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { expires: { type: 'string', default: '7d' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const userId = positionals[0];
  if (!userId || positionals.length > 1) {
    console.error(HELP);
    process.exit(2);
  }
  let config;
  try {
    config = loadGatewayConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  if (!/^\d+[smhdw]?$/.test(values.expires)) {
    console.error(`--expires must be a duration such as 2h or 7d, got "${values.expires}"`);
    process.exit(2);
  }
  console.log(signToken(userId, config.jwtSecret, values.expires));
}

main();
