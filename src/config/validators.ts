import { ValidateBy, buildMessage, type ValidationOptions } from 'class-validator';

/** The roles a Herald process can take. */
export const ROLES = ['api', 'worker'] as const;
export type Role = (typeof ROLES)[number];

/** Splits `"api, worker"` into its roles; unknown words are kept so that validation can name them. */
export function parseRoles(text: string): string[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);

/** A comma-separated, non-empty list of known roles. */
export function IsRoleList(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isRoleList',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && parseRoles(value).length > 0 && parseRoles(value).every(isRole),
        defaultMessage: buildMessage(
          (each) => `${each}$property must be a comma-separated list of ${ROLES.join(', ')}`,
          options,
        ),
      },
    },
    options,
  );
}

/** A URL whose scheme is one of `schemes` (checked with the WHATWG parser, not a regex). */
export function IsUrlWithScheme(schemes: string[], options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isUrlWithScheme',
      constraints: [schemes],
      validator: {
        validate: (value: unknown) => {
          if (typeof value !== 'string') return false;
          try {
            return schemes.includes(new URL(value).protocol.replace(/:$/, ''));
          } catch {
            return false;
          }
        },
        defaultMessage: buildMessage(
          (each) =>
            `${each}$property must be a URL starting with ${schemes.map((s) => `${s}://`).join(' or ')}`,
          options,
        ),
      },
    },
    options,
  );
}

/** Parses a stock map such as `{"p-1":1000}`; returns undefined when it is not one. */
export function parseStockMap(text: string): Record<string, number> | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const entries = Object.entries(parsed as Record<string, unknown>);
  const valid = entries.every(([, qty]) => Number.isInteger(qty) && (qty as number) >= 0);
  return valid ? (parsed as Record<string, number>) : undefined;
}

/** A JSON object mapping product ids to non-negative integer quantities. */
export function IsJsonStockMap(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isJsonStockMap',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && parseStockMap(value) !== undefined,
        defaultMessage: buildMessage(
          (each) => `${each}$property must be a JSON object of product id to non-negative integer stock`,
          options,
        ),
      },
    },
    options,
  );
}
