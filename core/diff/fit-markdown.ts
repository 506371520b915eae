import { code, formatCount } from './markdown-text.js';

/** GitHub refuses comments (and job summaries cut) above this many characters. */
export const GITHUB_COMMENT_LIMIT = 65_536;

/** A model's collapsible section: `open` and `close` always shown, `diff` (the fenced SQL diff) may be cut. */
export interface ModelSection {
  name: string;
  open: string;
  diff: string;
  close: string;
  diffLines: number;
  /** Sections are left out lowest priority first (then from the end). */
  priority: number;
}

type Section = ModelSection & { whole: string };

/** A markdown document in the parts that can be shortened, in the order they are printed. */
export interface MarkdownParts {
  top: string;
  tableHeader: string;
  rows: string[];
  /** Printed after the table, never cut (keep it short). */
  afterTable: string;
  graph: string;
  sections: ModelSection[];
  footer: string;
  /** What to run for the whole diff (named in the note about what was cut). */
  command: string;
}

interface Cuts {
  diffs: Section[];
  graph: boolean;
  sections: number;
  rows: number;
}

/**
 * Joins the parts, shortening them until the whole is at most `limit` characters: the largest SQL diffs
 * are cut first, then the graph, then whole model sections (lowest priority first), then table rows from the end;
 * cut diffs that fit again afterwards are put back (smallest first). A note at the top says what was cut.
 */
export function fitMarkdown(parts: MarkdownParts, limit = GITHUB_COMMENT_LIMIT): string {
  const cuts: Cuts = { diffs: [], graph: false, sections: 0, rows: 0 };
  const sections = parts.sections.map((s) => ({ ...s, whole: s.diff }));
  let rows = parts.rows.length;
  let size = parts.top.length + parts.tableHeader.length + parts.afterTable.length + parts.graph.length + parts.footer.length
    + parts.rows.reduce((n, row) => n + row.length, 0) + sections.reduce((n, s) => n + s.open.length + s.diff.length + s.close.length, 0);
  const total = (c: Cuts = cuts) => size + note(c, parts.command, limit).length;
  for (const section of sections.filter((s) => s.diff.length > 0).sort((a, b) => b.diff.length - a.diff.length)) {
    if (total() <= limit) break;
    const replacement = cutDiffNote(section);
    size += replacement.length - section.diff.length;
    section.diff = replacement;
    cuts.diffs.push(section);
  }
  if (total() > limit && parts.graph) {
    size -= parts.graph.length;
    cuts.graph = true;
  }
  const dropOrder = sections.map((section, i) => ({ section, i })).sort((a, b) => a.section.priority - b.section.priority || b.i - a.i);
  const dropped = new Set<Section>();
  while (total() > limit && cuts.sections < sections.length) {
    const { section } = dropOrder[cuts.sections++];
    dropped.add(section);
    size -= section.open.length + section.diff.length + section.close.length;
    cuts.diffs = cuts.diffs.filter((s) => s !== section);
  }
  while (total() > limit && rows > 0) {
    size -= parts.rows[--rows].length;
    cuts.rows++;
  }
  // Leaving out the graph or sections may have made room again: put back the smallest cut diffs that fit.
  for (const section of [...cuts.diffs].reverse()) {
    const restored = { ...cuts, diffs: cuts.diffs.filter((s) => s !== section) };
    const grow = section.whole.length - section.diff.length;
    if (total(restored) + grow > limit) continue;
    size += grow;
    section.diff = section.whole;
    cuts.diffs = restored.diffs;
  }
  const kept = sections.filter((s) => !dropped.has(s));
  return [
    parts.top, note(cuts, parts.command, limit), parts.tableHeader, ...parts.rows.slice(0, rows), parts.afterTable,
    cuts.graph ? '' : parts.graph, ...kept.flatMap((s) => [s.open, s.diff, s.close]), parts.footer,
  ].join('');
}

function cutDiffNote(section: Section): string {
  const lines = `${formatCount(section.diffLines)} changed line${section.diffLines === 1 ? '' : 's'}`;
  return `_SQL diff cut to fit the comment (${lines}, ${formatCount(section.diff.length)} characters)._\n\n`;
}

/** What was left out, or '' when nothing was. */
function note(cuts: Cuts, command: string, limit: number): string {
  const said: string[] = [];
  if (cuts.diffs.length) {
    const names = cuts.diffs.slice(0, 10).map((s) => code(s.name.slice(0, 100))).join(', ');
    const more = cuts.diffs.length > 10 ? ` and ${cuts.diffs.length - 10} more` : '';
    said.push(`cut the SQL diff${cuts.diffs.length === 1 ? '' : 's'} of ${names}${more} (largest first)`);
  }
  if (cuts.graph) said.push('left out the graph of affected models');
  if (cuts.sections) said.push(`left out the details of ${cuts.sections === 1 ? 'one model' : `${formatCount(cuts.sections)} models`}`);
  if (cuts.rows) said.push(`left out the last ${cuts.rows === 1 ? 'row' : `${formatCount(cuts.rows)} rows`} of the table`);
  if (said.length === 0) return '';
  const under = limit === GITHUB_COMMENT_LIMIT ? `GitHub's ${formatCount(limit)}-character limit` : `${formatCount(limit)} characters`;
  return `> [!WARNING]\n> Shortened to stay under ${under}: ${said.join('; ')}. `
    + `Run ${code(command)} to see everything.\n\n`;
}
