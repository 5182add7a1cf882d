import { spawn } from 'node:child_process';

/** What a probe saw: the slowest answer and how many it timed. */
export interface ProbeResult {
  readonly slowestMs: number;
  readonly count: number;
  readonly failures: number;
}

// A process of its own, so that the test's own work (parsing large pages) is not timed with it.
const SCRIPT = `
const http = require('node:http');
const url = process.argv[1];
let slowest = 0, count = 0, failures = 0, running = true;
process.stdin.on('end', () => { running = false; });
process.stdin.resume();
const once = () => new Promise((resolve) => {
  const started = Date.now();
  http.get(url, { agent: false }, (res) => {
    res.resume();
    res.on('end', () => {
      if (res.statusCode !== 200) failures++;
      slowest = Math.max(slowest, Date.now() - started); count++; resolve();
    });
  }).on('error', () => { failures++; resolve(); });
});
(async () => {
  while (running) { await once(); await new Promise((r) => setTimeout(r, 50)); }
  process.stdout.write(JSON.stringify({ slowestMs: slowest, count, failures }));
})();
`;

/**
 * Times GET `url` one request after another, every 50 ms, in a separate process, until
 * `stop()`; serial, so that one slow answer is not hidden by the next.
 */
export function startLatencyProbe(url: string): { stop(): Promise<ProbeResult> } {
  const child = spawn(process.execPath, ['-e', SCRIPT, url], { stdio: ['pipe', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    stop: async () => {
      child.stdin.end();
      await exited;
      return JSON.parse(output) as ProbeResult;
    },
  };
}
