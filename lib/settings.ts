/**
 * A configuration setting written as data: its variable, how its value is
 * checked, its default (per runtime where they differ) and the line that
 * documents it. The code that uses a setting declares it; the service's loader
 * reads it through `SettingsReader`, and the configuration reference
 * (gateway/README.md, `npm run docs`) is generated from the same declarations.
 */
import type { z } from 'zod';

export type RuntimeEnv = 'development' | 'production' | 'test';

/** What SettingsReader needs of lib/config.ts's EnvReader (which collects every problem). */
export interface ProblemCollectingReader {
  readonly problems: string[];
  read<T>(name: string, schema: z.ZodType<T>, fallback: T): T;
  secret(
    name: string,
    purpose: string,
    runtime: RuntimeEnv,
    developmentDefault: string,
    required?: boolean,
  ): string;
}

/** A value that differs between runtimes: production, development and tests. */
export class PerRuntime<T> {
  constructor(readonly values: Readonly<Record<RuntimeEnv, T>>) {}
  of(runtime: RuntimeEnv): T {
    return this.values[runtime];
  }
}

/** `production` in production, `otherwise` under development and tests. */
export function inProduction<T>(production: T, otherwise: T): PerRuntime<T> {
  return new PerRuntime({ production, development: otherwise, test: otherwise });
}

/** A default the loader works out from other settings; `describe` is what the reference says. */
export class Computed {
  constructor(readonly describe: string) {}
}

export interface Setting<T> {
  /** The environment variable. */
  readonly name: string;
  readonly schema: z.ZodType<T> | PerRuntime<z.ZodType<T>>;
  /** The value when the variable is unset or empty. */
  readonly default: T | PerRuntime<T> | Computed;
  /** One line for the configuration reference. */
  readonly doc: string;
  /** How the reference shows the default, when the value itself would not say it well. */
  readonly shownDefault?: string;
  /**
   * A secret (EnvReader.secret): at least 32 characters and required in production, where the
   * default (a development secret) would be a hole; `purpose` names it in the problem reported.
   */
  readonly secret?: { purpose: string; required?: boolean };
}

/** A setting of any value type, for lists of them. */
export type AnySetting = Setting<unknown>;

/** Declares a setting; only for the inference of `T` from the schema. */
export function setting<T>(declaration: Setting<T>): Setting<T> {
  return declaration;
}

/** Settings documented together, under one heading of the reference. */
export interface SettingGroup {
  readonly title: string;
  /** A sentence said before the table, if any. */
  readonly intro?: string;
  readonly settings: readonly AnySetting[];
}

/** Reads declared settings for one runtime, collecting problems in the EnvReader. */
export class SettingsReader {
  constructor(
    readonly reader: ProblemCollectingReader,
    readonly runtime: RuntimeEnv,
  ) {}

  /**
   * The setting's value; `computed` is the fallback of a setting whose default the loader
   * works out (its declared default is `Computed`).
   */
  get<T>(declared: Setting<T>, computed?: T): T {
    const fallback = declared.default instanceof Computed ? computed : this.value(declared.default);
    if (declared.default instanceof Computed && computed === undefined)
      throw new Error(`${declared.name}: a computed default must be given when it is read`);
    if (declared.secret) {
      const value = this.reader.secret(
        declared.name,
        declared.secret.purpose,
        this.runtime,
        fallback as string,
        declared.secret.required ?? true,
      );
      return value as T;
    }
    return this.reader.read(declared.name, this.value(declared.schema), fallback as T);
  }

  private value<V>(value: V | PerRuntime<V>): V {
    return value instanceof PerRuntime ? value.of(this.runtime) : value;
  }
}
