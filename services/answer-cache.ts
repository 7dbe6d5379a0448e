/**
 * Answers that may be a few seconds old, such as the dashboard's aggregates: computed once per
 * key and period, and shared by the requests that arrive meanwhile (ten leaders opening the
 * dashboard at nine on Monday cost one computation, not ten).
 */
export interface AnswerCache {
  get<T>(key: string, compute: () => Promise<T>): Promise<T>;
  /** Forgets every answer: the process has just changed what they were computed from. */
  clear(): void;
}

/** At most this many answers are kept; the oldest go first. */
const MAX_ENTRIES = 500;

export function createAnswerCache(ttlSeconds: number, clock: () => number = Date.now): AnswerCache {
  const entries = new Map<string, { expires: number; answer: Promise<unknown> }>();
  return {
    get<T>(key: string, compute: () => Promise<T>): Promise<T> {
      if (ttlSeconds <= 0) return compute();
      const now = clock();
      const entry = entries.get(key);
      if (entry && entry.expires > now) return entry.answer as Promise<T>;
      const answer = compute();
      entries.delete(key);
      entries.set(key, { expires: now + ttlSeconds * 1000, answer });
      // A failure is not kept: the next request tries again.
      answer.catch(() => entries.get(key)?.answer === answer && entries.delete(key));
      while (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
      return answer;
    },
    clear() {
      entries.clear();
    },
  };
}
