import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { pinoHttp } from 'pino-http';
import { requestLogOptions } from './request-log.options';

describe('requestLogOptions', () => {
  const lines: Array<Record<string, any>> = [];
  let server: Server;
  let url: string;

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, any>);
        done();
      },
    });
    const log = pinoHttp({ ...requestLogOptions('info'), stream: sink });
    server = createServer((req, res) => {
      log(req, res);
      req.log.info('inside the request');
      res.statusCode = Number(req.url?.slice(1));
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const linesOf = (correlationId: string) => lines.filter((line) => line.correlationId === correlationId);

  it('logs a successful request without its headers, and keeps its correlation id on every line', async () => {
    await fetch(`${url}/202`, { headers: { 'x-correlation-id': 'c-ok', authorization: 'Bearer secret' } });
    const [inside, done] = linesOf('c-ok');
    expect(inside.msg).toBe('inside the request');
    expect(inside.req).toBeUndefined();
    expect(done).toMatchObject({ level: 30, req: { method: 'GET', url: '/202' }, res: { statusCode: 202 } });
    expect(JSON.stringify(done)).not.toContain('secret');
    expect(done.headers).toBeUndefined();
  });

  it('logs a 4xx at info, without headers', async () => {
    await fetch(`${url}/409`, { headers: { 'x-correlation-id': 'c-409' } });
    expect(linesOf('c-409')[1]).toMatchObject({ level: 30, res: { statusCode: 409 } });
    expect(linesOf('c-409')[1].headers).toBeUndefined();
  });

  it('logs a 5xx as an error with its headers, credentials redacted', async () => {
    await fetch(`${url}/503`, { headers: { 'x-correlation-id': 'c-503', authorization: 'Bearer secret' } });
    const failed = linesOf('c-503')[1];
    expect(failed).toMatchObject({ level: 50, res: { statusCode: 503 } });
    expect(failed.headers['x-correlation-id']).toBe('c-503');
    expect(failed.headers.authorization).toBe('[Redacted]');
  });
});
