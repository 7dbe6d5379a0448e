import { createStrictCache } from '../../platform/answer-cache';

describe('the strict cache (accounts)', () => {
  it('never answers past its period, not even once while the next answer is computed', async () => {
    let now = 1_000;
    let computed = 0;
    const cache = createStrictCache(5, () => now);
    const compute = async () => ++computed;
    expect(await Promise.all(Array.from({ length: 5 }, () => cache.get('account:a', compute)))).toEqual([1, 1, 1, 1, 1]);
    now = 6_000;
    await expect(cache.get('account:a', compute)).resolves.toBe(1);
    // After an idle spell the first request waits for a fresh answer.
    now = 60_000;
    await expect(cache.get('account:a', compute)).resolves.toBe(2);
    expect(computed).toBe(2);
  });

  it('counts an answer\'s age from when its computation started', async () => {
    let now = 1_000;
    let release: (value: string) => void = () => undefined;
    const cache = createStrictCache(5, () => now);
    const slow = cache.get('account:b', () => new Promise<string>((resolve) => (release = resolve)));
    now = 5_000;
    release('read at 0');
    await expect(slow).resolves.toBe('read at 0');
    now = 6_001;
    await expect(cache.get('account:b', async () => 'read at 5')).resolves.toBe('read at 5');
  });

  it('keeps no failure, and with 0 seconds keeps nothing', async () => {
    const cache = createStrictCache(5, () => 0);
    await expect(cache.get('account:c', () => Promise.reject(new Error('database away')))).rejects.toThrow('database away');
    await new Promise((resolve) => setImmediate(resolve));
    await expect(cache.get('account:c', async () => 'back')).resolves.toBe('back');
    let computed = 0;
    const none = createStrictCache(0, () => 0);
    await none.get('account:d', async () => ++computed);
    await none.get('account:d', async () => ++computed);
    expect(computed).toBe(2);
  });
});
