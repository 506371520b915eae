/**
 * Edit distance counting a swap of two neighbouring characters as one edit (optimal string alignment), as
 * typos go: `prdo` is one edit from `prod`. Three rows, no matrix.
 */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (!a.length) return b.length;
  if (!b.length) return a.length;
  let beforePrevious = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  let current = new Array<number>(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let d = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) {
        d = Math.min(d, beforePrevious[j - 2] + 1);
      }
      current[j] = d;
    }
    [beforePrevious, previous, current] = [previous, current, beforePrevious];
  }
  return previous[b.length];
}

/** Whether every character of `typed` is in `candidate`, in order: the typo dropped letters (`prd` of `prod`). */
function isSubsequence(typed: string, candidate: string): boolean {
  let i = 0;
  for (let j = 0; j < candidate.length && i < typed.length; j++) if (typed[i] === candidate[j]) i++;
  return i === typed.length;
}

/**
 * The candidate nearest to `name`, if it is close enough to be a plausible typo. Of candidates as near, one
 * the name is a dropped-letter typo of wins (`prd`: `prod` before `pr1`), then the first in sort order.
 */
export function nearest(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  let bestDropped = false;
  const lower = name.toLowerCase();
  for (const candidate of candidates) {
    const d = editDistance(lower, candidate.toLowerCase());
    const dropped = isSubsequence(lower, candidate.toLowerCase());
    if (d < bestDistance || (d === bestDistance && best !== undefined && (dropped !== bestDropped ? dropped : candidate < best))) {
      bestDropped = dropped;
      best = candidate;
      bestDistance = d;
    }
  }
  if (best === undefined) return undefined;
  const limit = Math.max(2, Math.floor(Math.max(name.length, best.length) / 3));
  return bestDistance <= limit ? best : undefined;
}

/** " Did you mean 'x'?" or an empty string. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const match = nearest(name, candidates);
  return match === undefined ? '' : `did you mean '${match}'?`;
}
