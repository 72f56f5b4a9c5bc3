// A small LCS diff for the compare view: words of a changed sentence, lines of a changed snippet.
export interface Part {
  readonly op: 'same' | 'removed' | 'added';
  readonly text: string;
}

/** Beyond this many cells the table is not worth it: show the old text removed and the new added. */
const MAX_CELLS = 400_000;

export function diffSequences(a: readonly string[], b: readonly string[]): Part[] {
  const n = a.length;
  const m = b.length;
  if (n * m > MAX_CELLS) {
    const whole: Part[] = [{ op: 'removed', text: a.join('') }, { op: 'added', text: b.join('') }];
    return whole.filter((p) => p.text !== '');
  }
  // lengths[i][j]: LCS length of a[i..] and b[j..], in one flat array.
  const lengths = new Uint32Array((n + 1) * (m + 1));
  const at = (i: number, j: number) => lengths[i * (m + 1) + j] ?? 0;
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lengths[i * (m + 1) + j] = a[i] === b[j] ? at(i + 1, j + 1) + 1 : Math.max(at(i + 1, j), at(i, j + 1));
    }
  }
  const parts: Part[] = [];
  const push = (op: Part['op'], text: string) => {
    const last = parts[parts.length - 1];
    if (last && last.op === op) parts[parts.length - 1] = { op, text: last.text + text };
    else parts.push({ op, text });
  };
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      push('same', a[i++] ?? '');
      j++;
    } else if (at(i + 1, j) >= at(i, j + 1)) push('removed', a[i++] ?? '');
    else push('added', b[j++] ?? '');
  }
  while (i < n) push('removed', a[i++] ?? '');
  while (j < m) push('added', b[j++] ?? '');
  return parts;
}

/** Words and the spaces between them, so that joining the parts gives back the texts. */
export const words = (text: string): string[] => text.split(/(\s+)/).filter((t) => t !== '');
/** Lines with their line breaks. */
export const lines = (text: string): string[] => text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
