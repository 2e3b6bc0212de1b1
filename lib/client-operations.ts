/**
 * The client operation files: schema/operations/<screen>/<Operation>.graphql,
 * one named operation a file, grouped by the mini-program screen that sends
 * it. The composition pipeline (the manifest, the typed client, the schema
 * check), the sandbox and the tests all list them here, so a screen folder
 * added is seen by every one of them.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface ClientOperationFile {
  /** The screen folder it sits in ("store"); "" for a file at the top. */
  screen: string;
  /** Relative to the operations folder, with forward slashes (a screen folder, then the file). */
  relativePath: string;
  absolutePath: string;
}

/** Every `.graphql` file under `dir`, one folder deep, sorted by relative path. */
export function listClientOperationFiles(dir: string): ClientOperationFile[] {
  const files: ClientOperationFile[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      for (const file of fs.readdirSync(path.join(dir, entry.name))) {
        if (file.endsWith('.graphql'))
          files.push({
            screen: entry.name,
            relativePath: `${entry.name}/${file}`,
            absolutePath: path.join(dir, entry.name, file),
          });
      }
    } else if (entry.name.endsWith('.graphql')) {
      files.push({
        screen: '',
        relativePath: entry.name,
        absolutePath: path.join(dir, entry.name),
      });
    }
  }
  return files.sort((a, b) => a.relativePath.localeCompare(b.relativePath));
}
