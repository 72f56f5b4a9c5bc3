// The one least-recently-used map of the project, under a budget: of entries by default, or of what
// `cost` measures (bytes of cached answers or statistics, whose sizes vary by orders of magnitude).
// A hit only marks its entry: re-inserting it into the Map (the usual Map LRU) cost about ten times
// the lookup, and the search reads some caches dozens of times per question. Going over the budget
// walks the Map from its oldest insertion: an entry read since it was inserted or last passed is
// moved to the end (a second chance), one that was not is dropped, down to three quarters of the
// budget. That is least-recently-used up to the order among entries read since the last walk, with
// no sort and no allocation: sorting 8,000 stamps stalled the event loop for several milliseconds.
interface Slot<V> {
  readonly value: V;
  readonly cost: number;
  read: boolean;
}

export class Lru<K, V> {
  private readonly map = new Map<K, Slot<V>>();
  private spent = 0;

  constructor(
    private readonly budget: number,
    private readonly cost: (key: K, value: V) => number = () => 1,
  ) {}

  get(key: K): V | undefined {
    const slot = this.map.get(key);
    if (slot === undefined) return undefined;
    slot.read = true;
    return slot.value;
  }

  set(key: K, value: V): void {
    const old = this.map.get(key);
    if (old !== undefined) this.spent -= old.cost;
    const cost = this.cost(key, value);
    // A replaced entry moves to the end, as a new one.
    if (old !== undefined) this.map.delete(key);
    const slot: Slot<V> = { value, cost, read: false };
    this.map.set(key, slot);
    this.spent += cost;
    if (this.spent > this.budget) {
      // The entry just set is the most recent: it goes last, after the entries read before it.
      slot.read = true;
      // A budget of a few entries keeps exactly that many: a quarter of it would be nothing.
      this.evict(this.budget - Math.floor(this.budget / 4));
    }
  }

  delete(key: K): boolean {
    const slot = this.map.get(key);
    if (slot === undefined) return false;
    this.map.delete(key);
    this.spent -= slot.cost;
    return true;
  }

  clear(): void {
    this.map.clear();
    this.spent = 0;
  }

  get size(): number {
    return this.map.size;
  }

  /** What the kept entries cost together (their count without a cost function). */
  get used(): number {
    return this.spent;
  }

  /** Drops the least recently used down to `target`; an entry over the whole budget stays when it is the only one. */
  private evict(target: number): void {
    // A Map's iteration visits entries re-inserted during it: one moved to the end is met again,
    // unread then, so the walk ends.
    for (const [key, slot] of this.map) {
      if (this.spent <= target || this.map.size <= 1) break;
      this.map.delete(key);
      if (slot.read) {
        slot.read = false;
        this.map.set(key, slot);
      } else this.spent -= slot.cost;
    }
  }
}

/** Bytes of serialized answers each transport (REST, MCP) keeps per knowledge-base generation. */
export const ANSWER_BYTES = 32 * 1024 * 1024;
/** Questions asked once that those transports remember (as keys) to tell one asked again. */
export const ASKED_KEYS = 8000;

/** Kept values by count (remembered keys 4x as many unless given), or by cost (remembered keys given). */
type SecondAskingOptions<K, V> = { kept: number; asked?: number } | { kept: number; cost: (key: K, value: V) => number; asked: number };

/**
 * Values kept only from their key's second offer; the first is remembered as a key. A chatbot asks
 * mostly questions nobody asks again: keeping each answer would fill the heap with answers the
 * garbage collector copies and promotes for nothing, while operators and CI jobs, who repeat
 * themselves, hit from their second asking on.
 */
export class FromSecondAsking<K, V> {
  private readonly kept: Lru<K, V>;
  private readonly asked: Lru<K, true>;

  constructor(options: SecondAskingOptions<K, V>) {
    this.kept = new Lru(options.kept, 'cost' in options ? options.cost : undefined);
    this.asked = new Lru(options.asked ?? 4 * options.kept);
  }

  get(key: K): V | undefined {
    return this.kept.get(key);
  }

  /** Keeps `value` if `key` was offered before, else only remembers the key. */
  offer(key: K, value: V): void {
    if (this.asked.get(key) === undefined) this.asked.set(key, true);
    else this.kept.set(key, value);
  }

  delete(key: K): boolean {
    return this.kept.delete(key);
  }

  clear(): void {
    this.kept.clear();
    this.asked.clear();
  }

  get size(): number {
    return this.kept.size;
  }
}
