import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy in front of a real server that a test can cut and restore, to make the broker
 * unreachable for Herald alone while other suites keep using it. It can also go silent: sockets
 * stay open, but whatever either side sends is read and thrown away, as on a network that drops
 * packets without a FIN or RST.
 */
export class TcpProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private dropping = false;
  port = 0;
  /** Bytes forwarded from clients to the target since the proxy started. */
  bytesToTarget = 0;
  /** Delay added to every chunk, each way, in order: a slower network. */
  latencyMs = 0;
  private readonly listeners = new Set<(chunk: Buffer, client: Socket) => void>();

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  /** Starts accepting on `port` (0: a free one, kept for later restarts). */
  async start(): Promise<void> {
    const server = createServer((client) => this.accept(client));
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  private accept(client: Socket): void {
    const upstream = connect(this.targetPort, this.targetHost);
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => socket.destroy());
    }
    client.on('data', (chunk: Buffer) =>
      this.later(() => {
        if (this.dropping) return;
        this.bytesToTarget += chunk.length;
        for (const listener of this.listeners) listener(chunk, client);
        upstream.write(chunk);
      }),
    );
    upstream.on('data', (chunk: Buffer) =>
      this.later(() => {
        if (!this.dropping) client.write(chunk);
      }),
    );
    // A silent network delivers no FIN either: a side that closes goes unnoticed by the other.
    client.on('close', () => this.dropping || upstream.destroy());
    upstream.on('close', () => this.dropping || client.destroy());
  }

  /** Calls `listener` with every chunk forwarded to the target, as it is forwarded. */
  onForward(listener: (chunk: Buffer, client: Socket) => void): void {
    this.listeners.add(listener);
  }

  private later(forward: () => void): void {
    // Timers of the same delay fire in the order they were set: the byte stream stays in order.
    if (this.latencyMs > 0) setTimeout(forward, this.latencyMs);
    else forward();
  }

  /** Drops every open connection and stops accepting new ones. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    if (server) await new Promise((resolve) => server.close(resolve));
  }

  /** Goes silent: connections stay open (new ones are accepted too), but nothing gets through. */
  dropSilently(): void {
    this.dropping = true;
  }

  /** Accepts connections again on the same port, and forwards again after {@link dropSilently}. */
  restore(): Promise<void> {
    this.dropping = false;
    return this.server ? Promise.resolve() : this.start();
  }
}
