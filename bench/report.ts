import type { HttpFigure } from './http-load';
import type { DrainFigure } from './relay-drain';
import type { Store, StoreFigures } from './store-run';

const NAMES: Record<Store, string> = { sqlite: 'SQLite', postgres: 'PostgreSQL' };

const rate = (n: number) => (n >= 1000 ? `${(n / 1000).toFixed(1)}k/s` : `${n.toFixed(0)}/s`);
const pct = (n: number, of: number) => `${((100 * n) / of).toFixed(0)}%`;
const times = (n: number, of: number) => `${(n / of).toFixed(2)}×`;

function http(figure: HttpFigure): string {
  const failed = Object.keys(figure.failures).length > 0 ? ' !' : '';
  return `${rate(figure.rps)} p99 ${figure.p99Ms} ms${failed}`;
}

/** A drain's rate against raw; "of N" when the drain ran out of time before the whole backlog arrived. */
function drainCell(d: DrainFigure): string {
  const cut =
    d.delivered < d.backlog ? `, ${d.delivered} of ${d.backlog} in time !` : `, ${d.backlog} events`;
  return `${rate(d.relayRate)} (${pct(d.relayRate, d.rawRate)} of raw${cut})`;
}

function publishCell(f: StoreFigures, figure: HttpFigure): string {
  return `${http(figure)} (${times(figure.rps, f.naive)} naive, ${pct(figure.rps, f.echo.rps)} of echo)`;
}

/** Table rows: a label and the cell of one store's figures. */
const ROWS: Array<[string, (f: StoreFigures) => string]> = [
  ['bare NestJS + Fastify echo route (32 conn.)', (f) => http(f.echo)],
  ['naive durable insert (1 tx per event)', (f) => rate(f.naive)],
  ['Herald POST /events, tracing on', (f) => publishCell(f, f.publishTracingOn)],
  ['Herald POST /events, tracing off', (f) => publishCell(f, f.publishTracingOff)],
  [
    'Herald POST /events/batch ingest',
    (f) => `${rate(f.batchIngest)} (${times(f.batchIngest, f.naive)} naive)`,
  ],
  ['raw confirm-publish, many-subject bodies', (f) => rate(f.manySubjects.rawRate)],
  ['relay drain, many subjects', (f) => drainCell(f.manySubjects)],
  ['raw confirm-publish, single-subject bodies', (f) => rate(f.singleSubject.rawRate)],
  ['relay drain, single subject', (f) => drainCell(f.singleSubject)],
];

/** A Markdown table, one column per store measured. */
export function table(results: Partial<Record<Store, StoreFigures>>): string {
  const stores = Object.keys(results) as Store[];
  const lines = [
    `| | ${stores.map((s) => NAMES[s]).join(' | ')} |`,
    `| --- | ${stores.map(() => '---').join(' | ')} |`,
    ...ROWS.map(([label, cell]) => `| ${label} | ${stores.map((s) => cell(results[s]!)).join(' | ')} |`),
  ];
  const failures = stores.flatMap((s) => {
    const f = results[s]!;
    return (['echo', 'publishTracingOn', 'publishTracingOff'] as const)
      .filter((k) => Object.keys(f[k].failures).length > 0)
      .map((k) => `! ${NAMES[s]} ${k}: ${JSON.stringify(f[k].failures)}`);
  });
  return [...lines, ...failures].join('\n');
}

/** The ratios the acceptance names, computed once so the table and the JSON agree. */
function ratios(f: StoreFigures) {
  return {
    publishTracingOnToNaive: f.publishTracingOn.rps / f.naive,
    publishTracingOffToNaive: f.publishTracingOff.rps / f.naive,
    publishTracingOnToEcho: f.publishTracingOn.rps / f.echo.rps,
    publishTracingOffToEcho: f.publishTracingOff.rps / f.echo.rps,
    batchIngestToNaive: f.batchIngest / f.naive,
    manySubjectDrainToRaw: f.manySubjects.relayRate / f.manySubjects.rawRate,
    singleSubjectDrainToRaw: f.singleSubject.relayRate / f.singleSubject.rawRate,
  };
}

/** One JSON line with every figure and ratio, for scripts and for comparing runs. */
export function jsonLine(
  results: Partial<Record<Store, StoreFigures>>,
  context: Record<string, unknown>,
): string {
  const stores = Object.fromEntries(
    Object.entries(results).map(([store, f]) => [store, { ...f, ratios: ratios(f) }]),
  );
  return JSON.stringify({ bench: 'herald', ...context, stores });
}
