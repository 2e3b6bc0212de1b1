/**
 * Where a process spent its CPU, from the V8 profiles `BENCH_CPU_PROF=<dir>
 * npm run bench` leaves behind: for each profile, the share of sampled time
 * by package (or project folder), heaviest first, then the functions that
 * spent the most themselves.
 *
 *   npx tsx test/bench/profile-summary.ts <dir> [top]
 */
import fs from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** `@apollo/gateway`, `graphql`, `gateway/`, `(garbage collector)`… for a frame's script. */
function ownerOf(frame: ProfileNode['callFrame']): string {
  if (!frame.url)
    return frame.functionName ? `(${frame.functionName.replace(/[()]/g, '')})` : '(native)';
  const inModules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(frame.url);
  if (inModules) return inModules[1]!;
  if (frame.url.startsWith('node:')) return 'node';
  const project = /\/(gateway|lib|subgraphs\/[^/]+|schema|test)\//.exec(frame.url);
  return project ? `${project[1]}/` : frame.url;
}

function summarise(file: string, top: number): string {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const byOwner = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    const frame = nodes.get(id);
    const owner = frame ? ownerOf(frame) : '(unknown)';
    byOwner.set(owner, (byOwner.get(owner) ?? 0) + delta);
    const where = frame?.url ? ` ${path.basename(frame.url)}:${frame.lineNumber + 1}` : '';
    const name = `${frame?.functionName || '(anonymous)'}${where} [${owner}]`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + delta);
    total += delta;
  });
  const busy = total - (byOwner.get('(idle)') ?? 0);
  const heaviest = (time: Map<string, number>) =>
    [...time.entries()]
      .filter(([name]) => !name.startsWith('(idle)'))
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => `  ${((us / busy) * 100).toFixed(1).padStart(5)}%  ${name}`)
      .join('\n');
  return (
    `${path.basename(file)}: ${(busy / 1e6).toFixed(1)} s busy of ${(total / 1e6).toFixed(1)} s\n` +
    `${heaviest(byOwner)}\n  functions:\n${heaviest(byFunction)}`
  );
}

const [dir, top = '12'] = process.argv.slice(2);
if (!dir) {
  console.error('usage: npx tsx test/bench/profile-summary.ts <dir> [top]');
  process.exit(2);
}
const namesFile = path.join(dir, 'processes.json');
const names: Record<string, string> = fs.existsSync(namesFile)
  ? (JSON.parse(fs.readFileSync(namesFile, 'utf8')) as Record<string, string>)
  : {};
for (const file of fs.readdirSync(dir).filter((name) => name.endsWith('.cpuprofile'))) {
  // CPU.<date>.<time>.<pid>.<thread>.<sequence>.cpuprofile
  const pid = file.split('.')[3] ?? '';
  console.log(
    `${names[pid] ?? `process ${pid}`} — ${summarise(path.join(dir, file), Number(top))}\n`,
  );
}
