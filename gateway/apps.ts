/**
 * The registry of mini-programs: who may call the gateway, with which scopes,
 * at what rate, and which persisted operations each ships. It is a YAML file
 * (schema/apps.yaml documents the format), read from a path or a URL and
 * reloaded like the supergraph.
 */
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { TokenBucketConfig } from './config';
import { ALL_SCOPES, type Scope } from '../lib/identity';

export type AppStatus = 'active' | 'suspended';

export interface RegisteredApp {
  id: string;
  name: string;
  status: AppStatus;
  /** What the app may ask a user for; a token's other scopes are ignored. */
  scopes: ReadonlySet<Scope>;
  /** Its own bucket, or the gateway's default per-app bucket. */
  rateLimit: TokenBucketConfig | undefined;
  /** Names of the persisted operations it ships; in production it runs these only. */
  operations: ReadonlySet<string>;
}

/** What an app id may look like: it appears in metrics labels and log lines. */
export const APP_ID = /^[a-z0-9][a-z0-9._-]{0,63}$/;

const appSchema = z.strictObject({
  id: z.string().regex(APP_ID, 'an app id is 1-64 of a-z, 0-9, ".", "_" and "-"'),
  name: z.string().min(1),
  status: z.enum(['active', 'suspended']),
  scopes: z.array(z.enum(ALL_SCOPES as [Scope, ...Scope[]])).default([]),
  rateLimit: z
    .strictObject({ burst: z.number().int().min(1), perSecond: z.number().min(0.001) })
    .optional(),
  operations: z.array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/)).default([]),
});

const registrySchema = z.strictObject({ apps: z.array(appSchema) });

export class AppRegistry {
  private constructor(private readonly apps: ReadonlyMap<string, RegisteredApp>) {}

  get(id: string): RegisteredApp | undefined {
    return this.apps.get(id);
  }

  all(): RegisteredApp[] {
    return [...this.apps.values()];
  }

  static of(apps: RegisteredApp[]): AppRegistry {
    return new AppRegistry(new Map(apps.map((app) => [app.id, app])));
  }

  /**
   * Reads a registry, reporting every problem at once. `knownOperations`, when
   * given, are the manifest's names: an app may ship only operations that exist.
   */
  static parse(text: string, origin: string, knownOperations?: ReadonlySet<string>): AppRegistry {
    let raw: unknown;
    try {
      raw = parseYaml(text);
    } catch (error) {
      throw new Error(`${origin}: not YAML: ${(error as Error).message}`, { cause: error });
    }
    const parsed = registrySchema.safeParse(raw);
    if (!parsed.success) {
      const problems = parsed.error.issues.map(
        (issue) => `${issue.path.join('.') || '(top)'}: ${issue.message}`,
      );
      throw new Error(`${origin} is not a valid app registry:\n  - ${problems.join('\n  - ')}`);
    }
    const problems: string[] = [];
    const apps = new Map<string, RegisteredApp>();
    for (const app of parsed.data.apps) {
      if (apps.has(app.id)) problems.push(`app ${app.id} is registered twice`);
      for (const operation of app.operations)
        if (knownOperations && !knownOperations.has(operation))
          problems.push(`app ${app.id} ships ${operation}, which no persisted operation is`);
      apps.set(app.id, {
        id: app.id,
        name: app.name,
        status: app.status,
        scopes: new Set(app.scopes),
        rateLimit: app.rateLimit
          ? { capacity: app.rateLimit.burst, refillPerSecond: app.rateLimit.perSecond }
          : undefined,
        operations: new Set(app.operations),
      });
    }
    if (problems.length > 0)
      throw new Error(`${origin} is not a valid app registry:\n  - ${problems.join('\n  - ')}`);
    return new AppRegistry(apps);
  }
}
