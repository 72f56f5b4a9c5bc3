// A bounded map that forgets the least recently used entry first.
export class LruCache<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly maxEntries = 2000) {}

  get(key: string): V | undefined {
    const body = this.entries.get(key);
    if (body !== undefined) {
      // Refresh recency: Map keeps insertion order, so the oldest entry is evicted first.
      this.entries.delete(key);
      this.entries.set(key, body);
    }
    return body;
  }

  set(key: string, body: V): void {
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, body);
  }
}
