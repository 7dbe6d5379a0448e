/**
 * Answers that may be a few seconds old, such as the dashboard's aggregates: computed once per
 * key and period, and shared by the requests that arrive meanwhile (ten leaders opening the
 * dashboard at nine on Monday cost one computation, not ten). When an answer has aged past its
 * period, the request that finds it starts the next computation and the requests meanwhile
 * still get the last answer, so nobody waits on a recomputation that others asked for first:
 * an answer is never older than the period plus one computation.
 */
export interface AnswerCache {
  get<T>(key: string, compute: () => Promise<T>): Promise<T>;
  /** Forgets every answer: the process has just changed what they were computed from. */
  clear(): void;
}

/** At most this many answers are kept; the oldest go first. */
const MAX_ENTRIES = 500;

interface Entry {
  expires: number;
  answer: Promise<unknown>;
  /** Set once the answer has arrived: until then, requests share the computation itself. */
  ready: boolean;
  /** The next answer, being computed after this one aged. */
  next?: Promise<unknown>;
}

export function createAnswerCache(ttlSeconds: number, clock: () => number = Date.now): AnswerCache {
  const entries = new Map<string, Entry>();

  /** Computes an answer for `key`; it replaces `current` (if still there) once it arrives. */
  function start(key: string, compute: () => Promise<unknown>, current?: Entry): Promise<unknown> {
    const answer = compute();
    const entry: Entry = { expires: clock() + ttlSeconds * 1000, answer, ready: false };
    if (!current) {
      entries.delete(key);
      entries.set(key, entry);
      while (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
    }
    answer.then(
      () => {
        entry.ready = true;
        entry.expires = clock() + ttlSeconds * 1000;
        // A refresh lands only where its predecessor still stands: a clear() in between wins.
        if (current && entries.get(key) === current) entries.set(key, entry);
      },
      // A failure is not kept: the next request computes again.
      () => {
        const standing = entries.get(key);
        if (standing === entry || standing === current) entries.delete(key);
      },
    );
    return answer;
  }

  return {
    get<T>(key: string, compute: () => Promise<T>): Promise<T> {
      if (ttlSeconds <= 0) return compute();
      const entry = entries.get(key);
      if (!entry) return start(key, compute) as Promise<T>;
      if (entry.expires > clock() || !entry.ready) return entry.answer as Promise<T>;
      entry.next ??= start(key, compute, entry);
      return entry.answer as Promise<T>;
    },
    clear() {
      entries.clear();
    },
  };
}

/**
 * Answers that must never be older than `ttlSeconds`, such as who an account is: an answer's
 * age counts from when its computation started, and once aged it is never served again, not
 * even while the next one is computed. Requests meanwhile share one computation. 0: no cache.
 */
export function createStrictCache(ttlSeconds: number, clock: () => number = Date.now): AnswerCache {
  const entries = new Map<string, { started: number; answer: Promise<unknown> }>();
  return {
    get<T>(key: string, compute: () => Promise<T>): Promise<T> {
      if (ttlSeconds <= 0) return compute();
      const now = clock();
      const entry = entries.get(key);
      if (entry && now - entry.started < ttlSeconds * 1000) return entry.answer as Promise<T>;
      const fresh = { started: now, answer: compute() };
      entries.delete(key);
      entries.set(key, fresh);
      while (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
      // A failure is not kept: the next request computes again.
      fresh.answer.catch(() => {
        if (entries.get(key) === fresh) entries.delete(key);
      });
      return fresh.answer;
    },
    clear() {
      entries.clear();
    },
  };
}
