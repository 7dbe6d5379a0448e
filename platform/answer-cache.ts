/**
 * Caches of answers computed from the database, on lru-cache (bounded, least recently used
 * first out, with its stale-while-revalidate fetch).
 */
import { LRUCache } from 'lru-cache';

export interface AnswerCache {
  get<T>(key: string, compute: () => Promise<T>): Promise<T>;
  /** Forgets every answer: the process has just changed what they were computed from. */
  clear(): void;
}

/** At most this many answers are kept; the least recently used go first. */
const MAX_ENTRIES = 500;

/**
 * lru-cache reads time through `performance.now()`; tests give a clock of their own, read on
 * every lookup (no resolution window) so that an answer ages exactly when the clock says.
 */
const clockOptions = (clock: () => number) => ({ perf: { now: clock }, ttlResolution: 0 });

type Computation = () => Promise<unknown>;

/**
 * Answers that may be a few seconds old, such as the dashboard's aggregates: computed once per
 * key and period, and shared by the requests that arrive meanwhile (ten leaders opening the
 * dashboard at nine on Monday cost one computation, not ten). When an answer has aged past its
 * period, the request that finds it starts the next computation and the requests meanwhile
 * still get the last answer, so nobody waits on a recomputation that others asked for first:
 * an answer is never older than the period plus one computation. A failed computation is not
 * kept, and an answer computed across a clear() is handed to its callers but not kept.
 * `Infinity` keeps answers until they are pushed out; 0 computes every time.
 */
export function createAnswerCache(ttlSeconds: number, clock: () => number = () => performance.now()): AnswerCache {
  if (ttlSeconds <= 0) return { get: (_key, compute) => compute(), clear: () => undefined };
  const cache = new LRUCache<string, { answer: unknown }, Computation>({
    max: MAX_ENTRIES,
    ...(Number.isFinite(ttlSeconds) && { ttl: ttlSeconds * 1000, allowStale: true }),
    ...clockOptions(clock),
    // A clear() aborts the computations under way; their callers still get the answer.
    ignoreFetchAbort: true,
    fetchMethod: async (_key, _stale, { context }) => ({ answer: await context() }),
  });
  return {
    async get<T>(key: string, compute: () => Promise<T>): Promise<T> {
      const fetched = await cache.fetch(key, { context: compute });
      return fetched!.answer as T;
    },
    clear: () => cache.clear(),
  };
}

/**
 * Answers that must never be older than `ttlSeconds`, such as who an account is: an answer's
 * age counts from when its computation started, and once aged it is never served again, not
 * even while the next one is computed. Requests meanwhile share one computation. 0: no cache.
 */
export function createStrictCache(ttlSeconds: number, clock: () => number = () => performance.now()): AnswerCache {
  if (ttlSeconds <= 0) return { get: (_key, compute) => compute(), clear: () => undefined };
  // The computation itself is the value, stored when it starts: its age is the answer's.
  const cache = new LRUCache<string, Promise<unknown>>({ max: MAX_ENTRIES, ttl: ttlSeconds * 1000, ...clockOptions(clock) });
  return {
    get<T>(key: string, compute: () => Promise<T>): Promise<T> {
      const cached = cache.get(key);
      if (cached) return cached as Promise<T>;
      const fresh = compute();
      cache.set(key, fresh);
      // A failure is not kept: the next request computes again.
      fresh.catch(() => {
        if (cache.peek(key) === fresh) cache.delete(key);
      });
      return fresh;
    },
    clear: () => cache.clear(),
  };
}
