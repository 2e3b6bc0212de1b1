import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError } from '../lib/config';
import { loadGatewayConfig } from './config';
import { isScope, SCOPES } from '../lib/identity';
import { AppRegistry } from './apps';
import { signDevelopmentToken } from './auth';

const HELP = `Usage: npm run --silent token -- <user-id> [--app <id>] [--scope "<scope> ..."] [--expires <duration>]

Prints a development access token (an RFC 9068 JWT, HS256 with HUTONG_JWT_SECRET or
the development secret) for a user of a registered app (schema/apps.yaml), e.g.:

  curl -H "Authorization: Bearer $(npm run --silent token -- demo)" ...

Production gateways accept only the sign-in service's RS256/ES256 tokens.

  --app <id>            the app the user signs in to (default hutong-demo)
  --scope "<scopes>"    what the user grants it, space-separated (default: every
                        scope the app may ask for); one of:
${Object.entries(SCOPES)
  .map(([name, description]) => `                          ${name.padEnd(11)} ${description}`)
  .join('\n')}
  --expires <duration>  lifetime such as 30m, 2h (default 1h; at most
                        HUTONG_TOKEN_MAX_LIFETIME, 24h unless set)
  -h, --help            show this help`;

function fail(message: string, code = 2): never {
  console.error(message);
  process.exit(code);
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        app: { type: 'string', default: 'hutong-demo' },
        scope: { type: 'string' },
        expires: { type: 'string', default: '1h' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    fail(`${(error as Error).message}\n\n${HELP}`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(HELP);
    return;
  }
  const userId = positionals[0];
  if (!userId || positionals.length > 1) fail(HELP);
  let config;
  try {
    config = loadGatewayConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message, 1);
    throw error;
  }
  if (config.env === 'production')
    fail('Production verifies the sign-in service tokens only: this command is for development');
  const match = /^(\d+)([smhd]?)$/.exec(values.expires);
  if (!match) fail(`--expires must be a duration such as 30m or 2h, got "${values.expires}"`);
  const seconds = Number(match[1]) * ({ s: 1, m: 60, h: 3600, d: 86_400 }[match[2]!] ?? 1);
  if (seconds < 1 || seconds > config.tokens.maxLifetimeSeconds)
    fail(`--expires must be between 1 s and ${config.tokens.maxLifetimeSeconds} s`);
  const apps = AppRegistry.parse(fs.readFileSync(config.apps.file, 'utf8'), config.apps.file);
  const app = apps.get(values.app);
  if (!app)
    fail(
      `No app "${values.app}" in ${config.apps.file}; registered: ${apps
        .all()
        .map((a) => a.id)
        .join(', ')}`,
    );
  const scopes =
    values.scope === undefined ? [...app.scopes] : values.scope.split(/\s+/).filter(Boolean);
  const unknown = scopes.filter((scope) => !isScope(scope));
  if (unknown.length > 0) fail(`Unknown scope ${unknown.join(', ')}; see --help`);
  const beyond = scopes.filter((scope) => isScope(scope) && !app.scopes.has(scope));
  if (beyond.length > 0)
    console.error(`note: ${app.id} may not ask for ${beyond.join(', ')}; the gateway ignores them`);
  console.log(
    signDevelopmentToken(
      { userId, appId: app.id, scopes, expiresIn: seconds },
      { ...config.tokens, secret: config.jwtSecret },
    ),
  );
}

void main();
