import { createAnswerCache } from '../../services/answer-cache';

describe('the answer cache', () => {
  it('computes once per key while the answer is fresh, shared by concurrent requests', async () => {
    let now = 0;
    let computed = 0;
    const cache = createAnswerCache(5, () => now);
    const compute = async () => ++computed;
    const answers = await Promise.all(Array.from({ length: 10 }, () => cache.get('dashboard|all', compute)));
    expect(answers).toEqual(Array(10).fill(1));
    now = 4_999;
    await expect(cache.get('dashboard|all', compute)).resolves.toBe(1);
    await expect(cache.get('dashboard|unit', compute)).resolves.toBe(2);
    now = 5_000;
    await expect(cache.get('dashboard|all', compute)).resolves.toBe(3);
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
