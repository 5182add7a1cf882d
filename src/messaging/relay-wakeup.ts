/**
 * A sleep that a wake call cuts short: the relay waits for its poll interval unless a local
 * append tells it there is work. A wake that arrives while the relay is busy is remembered.
 */
export class RelayWakeup {
  private pending = false;
  private resolve: (() => void) | undefined;

  wake(): void {
    this.pending = true;
    this.resolve?.();
  }

  async wait(timeoutMs: number): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve) => {
      this.resolve = resolve;
      timer = setTimeout(resolve, timeoutMs);
    });
    clearTimeout(timer);
    this.resolve = undefined;
    this.pending = false;
  }
}
