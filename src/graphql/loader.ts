// A minimal per-request batch loader (the DataLoader idea): every load() in the same tick goes to
// one batch call, and results are cached for the request. Created per request, never shared.
export class BatchLoader<K, V> {
  private readonly cache = new Map<K, Promise<V | undefined>>();
  private queue: { key: K; resolve: (v: V | undefined) => void; reject: (e: unknown) => void }[] = [];

  constructor(private readonly batch: (keys: readonly K[]) => Promise<ReadonlyMap<K, V>>) {}

  load(key: K): Promise<V | undefined> {
    const cached = this.cache.get(key);
    if (cached) return cached;
    const promise = new Promise<V | undefined>((resolve, reject) => {
      if (this.queue.length === 0) process.nextTick(() => void this.flush());
      this.queue.push({ key, resolve, reject });
    });
    this.cache.set(key, promise);
    return promise;
  }

  private async flush(): Promise<void> {
    const queue = this.queue;
    this.queue = [];
    try {
      const results = await this.batch([...new Set(queue.map((q) => q.key))]);
      for (const q of queue) q.resolve(results.get(q.key));
    } catch (error) {
      for (const q of queue) q.reject(error);
    }
  }
}
