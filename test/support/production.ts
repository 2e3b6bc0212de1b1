import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import jwt from 'jsonwebtoken';
import { type SubgraphName } from '../../lib/config';
import { ALL_SCOPES } from '../../lib/identity';
import {
  startGateway,
  startSubgraphs,
  stopSubgraphs,
  TEST_APP_ID,
  TEST_GATEWAY_SECRET,
  type RunningGateway,
  type RunningSubgraph,
} from './harness';

/**
 * The sign-in service of the production tests: an ES256 key pair made for
 * this test process, its public half published as a JWKS file the gateway
 * reads (HUTONG_JWKS_FILE), as a real sign-in service publishes its keys.
 */
export class TestSignIn {
  readonly jwksFile: string;
  private readonly keys = new Map<string, { privateKey: KeyObject; alg: 'ES256' | 'RS256' }>();

  constructor() {
    this.jwksFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hutong-jwks-')), 'jwks.json');
    this.addKey('test-es256-1', 'ES256');
  }

  /** Publishes a new key (a rotation): the gateway must pick it up without a restart. */
  addKey(kid: string, alg: 'ES256' | 'RS256'): void {
    const { privateKey } =
      alg === 'ES256'
        ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
        : generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.keys.set(kid, { privateKey, alg });
    this.publish();
  }

  /** The public key of `kid` (the first key by default), as PEM. */
  publicKeyPem(kid?: string): string {
    const key = this.keys.get(kid ?? this.keys.keys().next().value!);
    if (!key) throw new Error(`no key ${kid}`);
    return createPublicKey(key.privateKey).export({ format: 'pem', type: 'spki' }).toString();
  }

  removeKey(kid: string): void {
    this.keys.delete(kid);
    this.publish();
  }

  private publish(): void {
    const keys = [...this.keys].map(([kid, { privateKey, alg }]) => ({
      ...privateKey.export({ format: 'jwk' }),
      d: undefined,
      p: undefined,
      q: undefined,
      dp: undefined,
      dq: undefined,
      qi: undefined,
      kid,
      alg,
      use: 'sig',
    }));
    const temporary = `${this.jwksFile}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, JSON.stringify({ keys }));
    fs.renameSync(temporary, this.jwksFile);
  }

  /** An RFC 9068 access token signed with key `kid` (the first key by default). */
  sign(
    userId: string,
    options: {
      app?: string;
      scopes?: readonly string[];
      expiresIn?: string | number;
      kid?: string;
      claims?: Record<string, unknown>;
    } = {},
  ): string {
    const kid = options.kid ?? this.keys.keys().next().value!;
    const key = this.keys.get(kid);
    if (!key) throw new Error(`no key ${kid}`);
    const omitsExpiry =
      options.claims !== undefined && 'exp' in options.claims && options.claims.exp === undefined;
    const claims = Object.fromEntries(
      Object.entries({
        client_id: options.app ?? TEST_APP_ID,
        scope: (options.scopes ?? ALL_SCOPES).join(' '),
        ...options.claims,
      }).filter(([, value]) => value !== undefined),
    );
    return jwt.sign(claims, key.privateKey, {
      algorithm: key.alg,
      keyid: kid,
      header: { alg: key.alg, typ: 'at+jwt', kid },
      subject: userId,
      issuer: 'hutong-sign-in',
      audience: 'hutong-gateway',
      jwtid: crypto.randomUUID(),
      ...(omitsExpiry
        ? {}
        : { expiresIn: (options.expiresIn ?? '1h') as jwt.SignOptions['expiresIn'] & string }),
    });
  }
}

export const signIn = new TestSignIn();

/**
 * The gateway's production configuration for tests: every default production
 * has, with the test sign-in service's keys and the gateway credential the
 * test subgraphs expect.
 */
export const PRODUCTION_ENV: Record<string, string> = {
  NODE_ENV: 'production',
  HUTONG_JWKS_FILE: signIn.jwksFile,
  HUTONG_GATEWAY_SECRET: TEST_GATEWAY_SECRET,
  HUTONG_FOOD_PAYMENT_SECRET: 'unused-by-the-gateway-food-7c41e9d2b05a',
  HUTONG_COMMERCE_PAYMENT_SECRET: 'unused-by-the-gateway-commerce-3a8f60b1',
  HUTONG_VISIT_PROOF_SECRET: 'unused-by-the-gateway-visits-52d07c9e1f',
  // Metrics on a listener of their own, as in production, on a free port: test files run at once.
  HUTONG_METRICS_PORT: '0',
};

/** A bearer token the production-configured gateway accepts. */
export function productionBearer(
  userId: string,
  options: Parameters<TestSignIn['sign']>[1] = {},
): Record<string, string> {
  return { authorization: `Bearer ${signIn.sign(userId, options)}` };
}

/**
 * A test file's graph in production configuration: five seeded subgraphs
 * started before its tests, gateways over them made on demand (each with its
 * own settings on top of PRODUCTION_ENV), all stopped after its tests.
 */
export function productionGraph() {
  let subgraphs: Record<SubgraphName, RunningSubgraph> | undefined;
  const gateways: RunningGateway[] = [];
  beforeAll(async () => {
    subgraphs = await startSubgraphs();
  });
  afterAll(async () => {
    for (const gateway of gateways) await gateway.close();
    if (subgraphs) await stopSubgraphs(subgraphs);
  });
  const started = () => {
    if (!subgraphs) throw new Error('the subgraphs start in beforeAll: use them inside a test');
    return subgraphs;
  };
  /** A production gateway with `env` on top. */
  const gateway = async (env: Record<string, string> = {}): Promise<RunningGateway> => {
    const running = await startGateway(started(), { gatewayEnv: { ...PRODUCTION_ENV, ...env } });
    gateways.push(running);
    return running;
  };
  return {
    get subgraphs() {
      return started();
    },
    gateway,
    /** The URL of a production gateway with `env` on top. */
    gatewayWith: async (env: Record<string, string> = {}) => (await gateway(env)).gatewayUrl,
    /** Requests the subgraphs have served so far, all five together. */
    subgraphRequests: () =>
      Object.values(started()).reduce((sum, subgraph) => sum + subgraph.requests(), 0),
  };
}
