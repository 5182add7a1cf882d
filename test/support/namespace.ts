import { randomBytes } from 'node:crypto';

/** A namespace of its own for one suite: `t-<suite>-<random>`, valid as HERALD_NAMESPACE. */
export function uniqueNamespace(suite: string): string {
  return `t-${suite}-${randomBytes(4).toString('hex')}`;
}
