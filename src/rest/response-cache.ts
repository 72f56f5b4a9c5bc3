// Serialized answers of read-only routes, keyed by the database generation and the normalised
// request, so an ingest (here or in another process) invalidates them at once. Operators and the
// chatbot repeat the same questions; a hit skips the search, the mapping and JSON.stringify.
export class ResponseCache {
  private readonly entries = new Map<string, string>();

  constructor(private readonly maxEntries = 2000) {}

  get(key: string): string | undefined {
    const body = this.entries.get(key);
    if (body !== undefined) {
      // Refresh recency: Map keeps insertion order, so the oldest entry is evicted first.
      this.entries.delete(key);
      this.entries.set(key, body);
    }
    return body;
  }

  set(key: string, body: string): void {
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, body);
  }
}
