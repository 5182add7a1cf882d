import { readFileSync } from 'node:fs';

/** The fields of a V8 `.cpuprofile` the summary reads. */
interface CpuProfile {
  nodes: Array<{
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }>;
  samples: number[];
  /** Microseconds between consecutive samples (the first: since `startTime`). */
  timeDeltas: number[];
}

/** Where a frame's code lives: an npm package, Herald's own build, Node itself, or V8. */
function ownerOf(url: string): string {
  const inModules = url.split('node_modules/').pop()!;
  if (inModules !== url) {
    const parts = inModules.split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  if (url.includes('/dist/') || url.includes('/src/')) return 'herald';
  if (url.startsWith('node:')) return 'node';
  return url === '' ? '(native)' : url;
}

function frameName(frame: CpuProfile['nodes'][number]['callFrame']): string {
  const file = frame.url.split('/').slice(-1)[0];
  return `${frame.functionName || '(anonymous)'} ${ownerOf(frame.url)}:${file}:${frame.lineNumber + 1}`;
}

/** Counts each key once per sample, however often it recurs on that sample's stack. */
function tally(samples: number[], keysOf: (leaf: number) => { self: string; stack: Set<string> }) {
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const leaf of samples) {
    const keys = keysOf(leaf);
    self.set(keys.self, (self.get(keys.self) ?? 0) + 1);
    for (const key of keys.stack) inclusive.set(key, (inclusive.get(key) ?? 0) + 1);
  }
  return { self, inclusive };
}

function top(map: Map<string, number>, total: number, n: number): string[] {
  return [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([key, count]) => `${((100 * count) / total).toFixed(1).padStart(5)}%  ${key}`);
}

/**
 * Self and inclusive shares of a profile by function and by package, idle time left out, and the
 * first `skipSeconds` (the boot) too, so that module loading does not drown the request path.
 */
export function summarise(path: string, skipSeconds = 0, n = 25): string {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  let elapsed = 0;
  const sampled = profile.samples.filter((_, i) => (elapsed += profile.timeDeltas[i]) >= skipSeconds * 1e6);
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const busy = sampled.filter(
    (id) => !['(idle)', '(program)'].includes(byId.get(id)!.callFrame.functionName),
  );
  const stackOf = (leaf: number, key: (id: number) => string) => {
    const stack = new Set<string>();
    for (let id: number | undefined = leaf; id !== undefined; id = parent.get(id)) stack.add(key(id));
    return { self: key(leaf), stack };
  };
  const fn = tally(busy, (leaf) => stackOf(leaf, (id) => frameName(byId.get(id)!.callFrame)));
  const pkg = tally(busy, (leaf) => stackOf(leaf, (id) => ownerOf(byId.get(id)!.callFrame.url)));
  const total = busy.length;
  return [
    `${path}: ${total} busy samples of ${sampled.length} after ${skipSeconds} s`,
    '-- self, by package',
    ...top(pkg.self, total, 15),
    '-- inclusive, by package',
    ...top(pkg.inclusive, total, 15),
    '-- self, by function',
    ...top(fn.self, total, n),
    '-- inclusive, by function',
    ...top(fn.inclusive, total, n),
  ].join('\n');
}

if (require.main === module) {
  const [path, skip] = process.argv.slice(2);
  console.log(summarise(path, Number(skip ?? 0)));
}
