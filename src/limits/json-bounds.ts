import { MAX_JSON_DEPTH } from './limits';

/** Why a JSON document was refused before validation. HTTP 400 at the door. */
export class JsonBoundsError extends Error {
  readonly code = 'limits.json-bounds';
  /** Read by Fastify when the error is raised by a body parser. */
  readonly statusCode = 400;

  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path || '/'} ${reason}`);
    this.name = 'JsonBoundsError';
  }
}

const NUL = '\u0000';
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Why a string cannot be stored the same way on every store: PostgreSQL refuses U+0000 in text
 * and jsonb, and a lone surrogate is not Unicode (it cannot be encoded as UTF-8).
 */
export function stringProblem(text: string): string | undefined {
  if (text.includes(NUL)) return 'must not contain U+0000';
  if (LONE_SURROGATE.test(text)) return 'must not contain a lone surrogate';
  return undefined;
}

const escape = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * Checks a parsed JSON document without recursion, so that no depth can overflow the stack:
 * nesting at most `maxDepth` levels, and every key and string value storable
 * ({@link stringProblem}).
 * @throws JsonBoundsError naming the JSON Pointer of the first problem.
 */
export function assertJsonBounds(document: unknown, maxDepth = MAX_JSON_DEPTH): void {
  const pending: Array<{ value: unknown; path: string; depth: number }> = [
    { value: document, path: '', depth: 0 },
  ];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { value, path, depth } = next;
    if (typeof value === 'string') {
      const problem = stringProblem(value);
      if (problem !== undefined) throw new JsonBoundsError(path, problem);
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= maxDepth) throw new JsonBoundsError(path, `nests deeper than ${maxDepth} levels`);
    if (Array.isArray(value)) {
      value.forEach((item, i) => pending.push({ value: item, path: `${path}/${i}`, depth: depth + 1 }));
      continue;
    }
    for (const key of Object.keys(value)) {
      const problem = stringProblem(key);
      if (problem !== undefined) throw new JsonBoundsError(path, `a key ${problem}`);
      const item = (value as Record<string, unknown>)[key];
      pending.push({ value: item, path: `${path}/${escape(key)}`, depth: depth + 1 });
    }
  }
}
