import { signToken } from '../../gateway/auth';
import { DEVELOPMENT_GATEWAY_SECRET } from '../../lib/config';

/**
 * The gateway's production configuration for tests: every default production
 * has, with a real-looking JWT secret and the gateway credential the test
 * subgraphs expect.
 */
export const PRODUCTION_ENV: Record<string, string> = {
  NODE_ENV: 'production',
  HUTONG_JWT_SECRET: 'a-production-jwt-secret-of-at-least-32-chars',
  HUTONG_GATEWAY_SECRET: DEVELOPMENT_GATEWAY_SECRET,
  HUTONG_FOOD_PAYMENT_SECRET: 'unused-by-the-gateway-but-long-enough-000',
  HUTONG_COMMERCE_PAYMENT_SECRET: 'unused-by-the-gateway-but-long-enough-001',
  // Metrics on a listener of their own, as in production, on a free port: test files run at once.
  HUTONG_METRICS_PORT: '0',
};

/** A bearer token the production-configured gateway accepts. */
export function productionBearer(userId: string): Record<string, string> {
  return { authorization: `Bearer ${signToken(userId, PRODUCTION_ENV.HUTONG_JWT_SECRET!)}` };
}
