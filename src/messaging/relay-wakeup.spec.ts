import { RelayWakeup } from './relay-wakeup';

describe('RelayWakeup', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('waits for the poll interval when nothing wakes it', async () => {
    const wakeup = new RelayWakeup();
    let done = false;
    const waiting = wakeup.wait(1000).then(() => (done = true));
    await jest.advanceTimersByTimeAsync(999);
    expect(done).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    await waiting;
    expect(done).toBe(true);
  });

  it('returns at once when woken during the wait', async () => {
    const wakeup = new RelayWakeup();
    let done = false;
    const waiting = wakeup.wait(60_000).then(() => (done = true));
    wakeup.wake();
    await waiting;
    expect(done).toBe(true);
  });

  it('remembers a wake that came while the relay was busy', async () => {
    const wakeup = new RelayWakeup();
    wakeup.wake();
    await wakeup.wait(60_000);
    // The remembered wake is spent: the next wait sleeps again.
    let done = false;
    void wakeup.wait(1000).then(() => (done = true));
    await jest.advanceTimersByTimeAsync(500);
    expect(done).toBe(false);
    await jest.advanceTimersByTimeAsync(500);
    expect(done).toBe(true);
  });
});
