// Optimal-string-alignment distance (Levenshtein plus adjacent transposition, "virtaul" -> "virtual"
// costs 1), bounded: gives up as soon as the distance must exceed `max`, which keeps a scan over a
// vocabulary of thousands of words cheap. The three rows are reused between calls (a typo's scan
// calls this for every known word of a similar length).
let rows = new Int32Array(3 * 64);

export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = b.length;
  const width = n + 1;
  if (rows.length < 3 * width) rows = new Int32Array(6 * width);
  const r = rows;
  // Rows prev2, prev and cur live at offsets p2, p1 and c of `r`, rotated after each letter of a.
  let p2 = 0;
  let p1 = width;
  let c = 2 * width;
  for (let j = 0; j <= n; j++) {
    r[p2 + j] = 0;
    r[p1 + j] = j;
    r[c + j] = 0;
  }
  for (let i = 1; i <= a.length; i++) {
    r[c] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((r[p1 + j] ?? 0) + 1, (r[c + j - 1] ?? 0) + 1, (r[p1 + j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, (r[p2 + j - 2] ?? 0) + 1);
      r[c + j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    const t = p2;
    p2 = p1;
    p1 = c;
    c = t;
  }
  return r[p1 + n] ?? max + 1;
}
