// Order matters: the environment first, then the OpenTelemetry SDK, before Nest loads `http`.
import './env';
import './telemetry/tracing';
import { bootstrap } from './app/bootstrap';
import { InvalidConfigurationError } from './config';

bootstrap().catch((error: unknown) => {
  if (error instanceof InvalidConfigurationError) {
    console.error(error.message);
  } else {
    console.error('Herald failed to start:', error);
  }
  process.exit(1);
});
