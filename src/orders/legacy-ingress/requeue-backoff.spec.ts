import { RequeueBackoff } from './requeue-backoff';

describe('RequeueBackoff', () => {
  it('doubles with each consecutive failure up to the bound, and starts over after a success', () => {
    const backoff = new RequeueBackoff(100, 1000);
    expect([1, 2, 3, 4, 5, 6].map(() => backoff.next())).toEqual([100, 200, 400, 800, 1000, 1000]);
    backoff.reset();
    expect(backoff.next()).toBe(100);
  });

  it('stays bounded after very many failures', () => {
    const backoff = new RequeueBackoff();
    for (let i = 0; i < 10_000; i++) backoff.next();
    expect(backoff.next()).toBe(5_000);
  });
});
