import autocannon from 'autocannon';

/** What one HTTP load measured: only 2xx answers count as served. */
export interface HttpFigure {
  /** 2xx answers per second. */
  readonly rps: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Answers other than 2xx, errors and timeouts, by kind; empty when every request succeeded. */
  readonly failures: Record<string, number>;
}

export interface LoadOptions {
  readonly url: string;
  readonly body: string;
  readonly connections: number;
  readonly seconds: number;
  readonly warmupSeconds: number;
  readonly headers?: Record<string, string>;
}

/** POSTs `body` from `connections` keep-alive connections: a warm-up first, then the measured load. */
export async function postLoad(options: LoadOptions): Promise<HttpFigure> {
  const base = {
    url: options.url,
    method: 'POST',
    connections: options.connections,
    headers: { 'content-type': 'application/json', ...options.headers },
    body: options.body,
  };
  if (options.warmupSeconds > 0) await autocannon({ ...base, duration: options.warmupSeconds });
  const result = await autocannon({ ...base, duration: options.seconds });
  const failures: Record<string, number> = {};
  for (const [status, { count }] of Object.entries(result.statusCodeStats)) {
    if (!status.startsWith('2')) failures[status] = count;
  }
  if (result.errors > 0) failures.errors = result.errors;
  if (result.timeouts > 0) failures.timeouts = result.timeouts;
  return {
    rps: result['2xx'] / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    failures,
  };
}
