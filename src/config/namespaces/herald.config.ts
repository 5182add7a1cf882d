import { registerAs } from '@nestjs/config';
import { loadEnvironment } from '../environment';
import { parseRoles, type Role } from '../validators';

/** Process identity: the namespace of every broker name and the roles this process plays. */
export const heraldConfig = registerAs('herald', () => {
  const env = loadEnvironment();
  return {
    namespace: env.HERALD_NAMESPACE,
    roles: new Set(parseRoles(env.HERALD_ROLES) as Role[]),
    adminApiKey: env.ADMIN_API_KEY,
  };
});
