// Quiet, export-free defaults for every suite; a suite sets its own namespace and store.
process.env.LOG_LEVEL ??= 'warn';
process.env.OTEL_TRACES_EXPORTER = 'none';
delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
