/**
 * Imported first by `main.ts`: the SDK must patch `http` before anything loads it. A bad
 * environment is left for the config module to report with its full message.
 */
import { loadEnvironment } from '../config/environment';
import { startTelemetry } from './otel-sdk';

try {
  startTelemetry(loadEnvironment());
} catch {
  // Reported by HeraldConfigModule at boot, naming the key.
}
