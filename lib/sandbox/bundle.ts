/**
 * Browser bundles of the developer pages, built by esbuild from their
 * TypeScript sources on the first request and then served from memory.
 *
 * Why a bundler rather than GraphiQL's UMD files with React's UMD builds: the
 * sandbox's own panels (operations, field owners, query plan) are React
 * components that use GraphiQL's hooks (`@graphiql/react`), and the demo page
 * uses the typed client of schema/client/. Bundled, both import those as typed
 * modules checked by `tsc` with the rest of the repo, instead of reaching for
 * untyped window globals; esbuild takes well under a second, needs no build
 * step or committed output, and reads only node_modules and the repo: nothing
 * is fetched from a CDN, at build time or in the browser.
 */
import { build } from 'esbuild';
import { PROJECT_ROOT } from '../config';
import type { Logger } from '../logger';

export type BrowserBundle = () => Promise<string>;

export function browserBundle(entryPoint: string): BrowserBundle {
  let bundle: Promise<string> | undefined;
  return () => {
    bundle ??= build({
      entryPoints: [entryPoint],
      absWorkingDir: PROJECT_ROOT,
      bundle: true,
      write: false,
      format: 'iife',
      platform: 'browser',
      target: 'es2020',
      minify: true,
      // Licences of the bundled packages stay at the end of the file.
      legalComments: 'eof',
      // React picks its production build from this.
      define: { 'process.env.NODE_ENV': '"production"' },
      logLevel: 'silent',
    }).then(
      (result) => result.outputFiles[0]!.text,
      (error: unknown) => {
        // A failed build is not cached: the next request tries again.
        bundle = undefined;
        throw error;
      },
    );
    return bundle;
  };
}

/** The bundle, with a failed build logged: the browser only sees a 500. */
export async function loggingFailure(bundle: BrowserBundle, log: Logger): Promise<string> {
  try {
    return await bundle();
  } catch (error) {
    log.error({ err: error }, 'could not bundle a developer page');
    throw error;
  }
}
