/**
 * The environment holds a value Herald cannot run with. Raised once at boot; the process exits
 * non-zero with {@link message}, which names every offending key.
 */
export class InvalidConfigurationError extends Error {
  readonly code = 'config.invalid';

  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'InvalidConfigurationError';
  }
}
