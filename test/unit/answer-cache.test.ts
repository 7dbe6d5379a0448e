import { createAnswerCache } from '../../platform/answer-cache';

describe('the answer cache', () => {
  it('computes once per key while the answer is fresh, shared by concurrent requests', async () => {
    let now = 1_000;
    let computed = 0;
    const cache = createAnswerCache(5, () => now);
    const compute = async () => ++computed;
    const answers = await Promise.all(Array.from({ length: 10 }, () => cache.get('dashboard|all', compute)));
    expect(answers).toEqual(Array(10).fill(1));
    now = 6_000;
    await expect(cache.get('dashboard|all', compute)).resolves.toBe(1);
    await expect(cache.get('dashboard|unit', compute)).resolves.toBe(2);
    // Aged: the request that finds it starts the next computation, and still gets the last answer.
    now = 6_001;
    await expect(cache.get('dashboard|all', compute)).resolves.toBe(1);
    await expect(cache.get('dashboard|all', compute)).resolves.toBe(3);
    expect(computed).toBe(3);
  });

  it('serves the last answer while one request recomputes it, never more than one at a time', async () => {
    let now = 1_000;
    const pending: ((value: string) => void)[] = [];
    const cache = createAnswerCache(5, () => now);
    const slow = () => new Promise<string>((resolve) => pending.push(resolve));
    const first = cache.get('escalations|all', slow);
    pending.shift()!('first');
    await expect(first).resolves.toBe('first');
    now = 7_000;
    const during = await Promise.all(Array.from({ length: 5 }, () => cache.get('escalations|all', slow)));
    expect(during).toEqual(Array(5).fill('first'));
    expect(pending).toHaveLength(1);
    pending.shift()!('second');
    await new Promise((resolve) => setImmediate(resolve));
    await expect(cache.get('escalations|all', slow)).resolves.toBe('second');
    expect(pending).toHaveLength(0);
  });

  it('drops an answer whose recomputation failed: the next request computes afresh', async () => {
    let now = 1_000;
    let fail = false;
    let computed = 0;
    const cache = createAnswerCache(5, () => now);
    const compute = () => (fail ? Promise.reject(new Error('database away')) : Promise.resolve(++computed));
    await cache.get('plans|20|0', compute);
    now = 7_000;
    fail = true;
    await expect(cache.get('plans|20|0', compute)).resolves.toBe(1);
    await new Promise((resolve) => setImmediate(resolve));
    await expect(cache.get('plans|20|0', compute)).rejects.toThrow('database away');
    fail = false;
    await expect(cache.get('plans|20|0', compute)).resolves.toBe(2);
  });

  it('forgets every answer when cleared, as after a change made through the same process', async () => {
    let computed = 0;
    const cache = createAnswerCache(60, () => 0);
    const compute = async () => ++computed;
    await cache.get('plans|20|0', compute);
    await cache.get('escalations|all', compute);
    await expect(cache.get('plans|20|0', compute)).resolves.toBe(1);
    cache.clear();
    await expect(cache.get('plans|20|0', compute)).resolves.toBe(3);
    await expect(cache.get('escalations|all', compute)).resolves.toBe(4);
  });

  it('hands an answer computed across a clear() to its callers, and does not keep it', async () => {
    const pending: ((value: string) => void)[] = [];
    const cache = createAnswerCache(60, () => 1_000);
    const during = cache.get('dashboard|all', () => new Promise<string>((resolve) => pending.push(resolve)));
    cache.clear();
    pending.shift()!('read before the change');
    await expect(during).resolves.toBe('read before the change');
    await expect(cache.get('dashboard|all', async () => 'read after the change')).resolves.toBe('read after the change');
  });

  it('keeps an answer that never ages for good, as a plan\'s escalation ladder', async () => {
    let now = 0;
    let computed = 0;
    const cache = createAnswerCache(Number.POSITIVE_INFINITY, () => now);
    await cache.get('ladder|p1', async () => ++computed);
    now = 10 * 365 * 86_400_000;
    await expect(cache.get('ladder|p1', async () => ++computed)).resolves.toBe(1);
    expect(computed).toBe(1);
  });

  it('keeps no failure, and computes every time when turned off', async () => {
    const cache = createAnswerCache(5, () => 0);
    await expect(cache.get('k', () => Promise.reject(new Error('database away')))).rejects.toThrow('database away');
    await expect(cache.get('k', async () => 'ok')).resolves.toBe('ok');
    let computed = 0;
    const off = createAnswerCache(0);
    await off.get('k', async () => ++computed);
    await off.get('k', async () => ++computed);
    expect(computed).toBe(2);
  });
});
