import { createServer, type Server } from 'node:http';
import { onCleanup } from './cleanup';

/** A stand-in OTLP/HTTP collector: takes every export, answers an empty success, counts bytes. */
export interface OtlpReceiver {
  /** `OTEL_EXPORTER_OTLP_ENDPOINT` for Herald. */
  readonly endpoint: string;
  /** Export requests and body bytes received so far, by path (`/v1/traces`, …). */
  readonly received: Record<string, { requests: number; bytes: number }>;
  close(): Promise<void>;
}

/** Starts the receiver on a free port of 127.0.0.1. */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const received: OtlpReceiver['received'] = {};
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const entry = (received[path] ??= { requests: 0, bytes: 0 });
    entry.requests++;
    req.on('data', (chunk: Buffer) => (entry.bytes += chunk.length));
    req.on('end', () => {
      // An empty body is a valid (empty) Export…ServiceResponse in protobuf and in JSON alike.
      res.writeHead(200, { 'content-type': req.headers['content-type'] ?? 'application/x-protobuf' });
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('OTLP receiver has no address');
  const close = onCleanup('OTLP receiver', () => {
    // The exporter keeps its connections alive; close them, or close() waits for them.
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { endpoint: `http://127.0.0.1:${address.port}`, received, close };
}
