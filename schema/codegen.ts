/**
 * `npm run codegen [-- --check]`: the client's types (client-codegen.ts), then
 * each subgraph's resolver types (subgraph-codegen.ts), with the same flags.
 */
import { main as generateClient } from './client-codegen';
import { main as generateSubgraphs } from './subgraph-codegen';

async function main(argv: string[]): Promise<number> {
  const client = await generateClient(argv);
  const subgraphs = await generateSubgraphs(argv);
  return client || subgraphs;
}

void main(process.argv.slice(2)).then((code) => process.exit(code));
