import { Logger } from '@nestjs/common';
import { Client, type ClientConfig } from 'pg';

/** The channel the `events` insert trigger notifies on commit (migration 0002). */
export const APPENDED_CHANNEL = 'herald_appended';

/** How long to wait before listening again after the connection was lost. */
const RECONNECT_DELAY_MS = 1_000;

/**
 * A dedicated PostgreSQL connection that LISTENs for commits of appends in any process sharing
 * the database, so that a worker's relay wakes for appends made by api-only processes. It
 * reconnects when lost, and then calls the listener once, since notifications sent meanwhile
 * are gone.
 */
export class AppendNotifications {
  private readonly logger = new Logger('AppendNotifications');
  private client: Client | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  /** @param fromElsewhere tells whether a server process id is another process's connection. */
  constructor(
    private readonly config: ClientConfig,
    private readonly listener: () => void,
    private readonly fromElsewhere: (backend: number) => boolean = () => true,
  ) {}

  /** Starts listening; a failure to connect is retried in the background. */
  start(): void {
    void this.connect(false);
  }

  private async connect(reconnected: boolean): Promise<void> {
    if (this.stopped) return;
    // Without a query timeout: LISTEN sessions sit idle by design.
    const client = new Client({ ...this.config, query_timeout: undefined });
    this.client = client;
    client.on('notification', ({ processId }) => {
      if (this.fromElsewhere(processId)) this.listener();
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`listen ${APPENDED_CHANNEL}`);
      if (reconnected) this.listener();
    } catch (error) {
      this.lost(client, error as Error);
    }
  }

  private lost(client: Client, error?: Error): void {
    if (this.client !== client || this.stopped) return;
    this.client = undefined;
    this.logger.warn(`append notifications lost${error ? `: ${error.message}` : ''}; listening again`);
    client.end().catch(() => undefined);
    this.timer = setTimeout(() => void this.connect(true), RECONNECT_DELAY_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }
}
