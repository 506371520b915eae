import { changeLabel, describeReasons, isDownstreamOnly, json, plural, shortReasons, shortSha, sideLabel, type DiffLabels } from './describe-change.js';
import type { ManifestDiff, ModelDiff } from './diff-types.js';
import { fitMarkdown, GITHUB_COMMENT_LIMIT, type ModelSection } from './fit-markdown.js';
import { code, escapeHtml, fenced, formatCount } from './markdown-text.js';
import { formatDiagnostic, type Diagnostic } from '../errors.js';

/** Which model sections stay longest when the comment is too long: data changes over text-only ones. */
const SECTION_PRIORITY: Record<ModelDiff['change'], number> = { 'formatting-only': 0, 'metadata-only': 0, removed: 1, added: 2, modified: 3 };
/** Downstream models named in the comment; the rest are counted. */
const DOWNSTREAM_NAMES = 100;

export interface DiffMarkdownOptions {
  /** Default: GitHub's 65,536 characters. */
  limit?: number;
}

/**
 * The pull-request comment: a summary table, the models with why each changed (downstream ones in one
 * collapsed list), the affected subgraph (mermaid), and a collapsible section per changed model with its
 * SQL diff. Stays under `limit`
 * characters by cutting the largest diffs first (a note says what was cut).
 */
export function renderDiffMarkdown(diff: ManifestDiff, labels: DiffLabels, options: DiffMarkdownOptions = {}): string {
  const command = labels.command ?? `amp-dbt diff --base ${labels.base.ref} --head ${labels.head.ref}`;
  if (diff.models.length === 0) return `${title(diff, labels)}No model changed (${plural(diff.head.models, 'model')} compared).\n`;
  return fitMarkdown({
    top: title(diff, labels) + summaryTable(diff) + callouts(diff),
    // Only downstream models (a selection of them): no table with no rows.
    tableHeader: diff.models.some((d) => !isDownstreamOnly(d)) ? '| model | change | why | SQL |\n| --- | --- | --- | --- |\n' : '',
    rows: diff.models.filter((d) => !isDownstreamOnly(d)).map(tableRow),
    afterTable: downstreamList(diff),
    graph: graphSection(diff),
    sections: diff.models.filter((d) => !isDownstreamOnly(d)).map(modelSection),
    footer: footer(diff),
    command,
  }, options.limit ?? GITHUB_COMMENT_LIMIT);
}

function title(diff: ManifestDiff, labels: DiffLabels): string {
  return `### amp-dbt diff\n\n**base** ${sideLabel(labels.base.ref, diff.base.commit, code)} → **head** ${sideLabel(labels.head.ref, diff.head.commit, code)}\n\n`;
}

function summaryTable(diff: ManifestDiff): string {
  const s = diff.summary;
  const downstream = diff.models.filter(isDownstreamOnly).length;
  const rows: Array<[string, number]> = [
    ['modified', s.modified - downstream], ['downstream (a parent changed)', downstream], ['added', s.added], ['removed', s.removed],
    ['formatting only (comments, whitespace)', s.formattingOnly], ['metadata only (descriptive config, columns, a moved file)', s.metadataOnly],
  ];
  const body = rows.filter(([, n]) => n > 0).map(([what, n]) => `| ${what} | ${formatCount(n)} |\n`).join('');
  return `| change | models |\n| --- | ---: |\n${body}| **affected** (changed and downstream) | **${formatCount(s.affected)}** |\n\n`;
}

/** Comment-only edits and changed macros or vars, called out under the summary. */
function callouts(diff: ManifestDiff): string {
  const lines: string[] = [];
  const formatting = diff.models.filter((d) => d.change === 'formatting-only').map((d) => code(d.name));
  if (formatting.length) lines.push(`Comment or whitespace edits only (the data does not change): ${formatting.join(', ')}.`);
  if (diff.macros.length) lines.push(`Macro files changed: ${diff.macros.map((m) => `${code(m.path)} (${m.change})`).join(', ')}.`);
  if (diff.vars.length) lines.push(`Vars changed: ${diff.vars.map((v) => `${code(v.name)} ${code(json(v.base))} → ${code(json(v.head))}`).join(', ')}.`);
  return lines.map((line) => `${line}\n\n`).join('');
}

function tableRow(d: ModelDiff): string {
  const why = shortReasons(d, code);
  const sql = d.sqlDiff ? `+${d.sqlDiff.added} −${d.sqlDiff.removed}` : '';
  return `| ${code(d.name)} | ${changeLabel(d)} | ${why} | ${sql} |\n`;
}

/** Models changed only because a parent did: one collapsed list (the first 100 names). */
function downstreamList(diff: ManifestDiff): string {
  const names = diff.models.filter(isDownstreamOnly).map((d) => code(d.name));
  if (names.length === 0) return '';
  const more = names.length > DOWNSTREAM_NAMES ? ` and ${formatCount(names.length - DOWNSTREAM_NAMES)} more (\`--json\` lists them all)` : '';
  const summary = `${plural(names.length, 'downstream model')} (a parent changed; the SQL is the same)`;
  return `\n<details>\n<summary>${summary}</summary>\n\n${names.slice(0, DOWNSTREAM_NAMES).join(', ')}${more}\n\n</details>\n`;
}

function graphSection(diff: ManifestDiff): string {
  const heading = `\n#### Affected models (${formatCount(diff.affected.length)})\n\n`;
  // A diagram is null when mermaid could not draw it (renderDiffMermaid's limits are GitHub's).
  if (diff.mermaid !== null) return `${heading}${fenced('mermaid', diff.mermaid)}`;
  const direct = diff.models.filter((d) => !isDownstreamOnly(d)).length;
  const tooLarge = `The graph of all ${plural(diff.affected.length, 'affected model')} is too large for GitHub to draw`;
  if (direct < diff.affected.length && diff.mermaidChanged !== null) {
    return `${heading}_${tooLarge}; the ${plural(direct, 'model')} changed directly:_\n\n${fenced('mermaid', diff.mermaidChanged)}`;
  }
  return `${heading}_${tooLarge}; \`--json\` lists them._\n`;
}

function modelSection(d: ModelDiff): ModelSection {
  const reasons = d.reasons.length ? `: ${d.reasons.join(', ')}` : '';
  const lines = d.sqlDiff ? ` (+${d.sqlDiff.added} −${d.sqlDiff.removed})` : '';
  const summary = `<code>${escapeHtml(d.name)}</code> ${changeLabel(d)}${reasons}${lines}`;
  const fingerprint = d.fingerprint.base && d.fingerprint.head && d.fingerprint.base !== d.fingerprint.head
    ? ` · fingerprint ${code(shortSha(d.fingerprint.base))} → ${code(shortSha(d.fingerprint.head))}` : '';
  const why = describeReasons(d, { code, arrow: '→' }).map((line) => `- ${line}\n`).join('');
  const open = `\n<details>\n<summary>${summary}</summary>\n\n${code(d.path)}${fingerprint}\n\n${why}${why ? '\n' : ''}`;
  return {
    name: d.name,
    open,
    diff: d.sqlDiff ? `${fenced('diff', d.sqlDiff.text)}\n` : '',
    close: '</details>\n',
    diffLines: d.sqlDiff ? d.sqlDiff.added + d.sqlDiff.removed : 0,
    priority: SECTION_PRIORITY[d.change],
  };
}

function footer(diff: ManifestDiff): string {
  const warnings = diff.warnings.map((w) => `\n> ${w.replace(/\n/g, ' ')}\n`).join('');
  const { unchanged, notSelected } = diff.summary;
  const total = unchanged + notSelected + diff.models.length;
  const outside = notSelected ? `; ${plural(notSelected, 'changed model')} outside the selection` : '';
  return `${warnings}\n<sub>${formatCount(unchanged)} of ${plural(total, 'model')} unchanged${outside}. SQL is the compiled SQL with references shown as model names.</sub>\n`;
}

/** A side of a diff that could not be compiled: the ref asked for, its commit, and the compiler's errors. */
export interface UncompiledSide {
  ref: string;
  commit: string;
  errors: readonly Diagnostic[];
}

/**
 * The pull-request comment when a side does not compile (so there is no diff): which ref and commit, and the
 * errors as the CLI prints them, so the comment says what to fix instead of being empty.
 */
export function renderUncompiledMarkdown(sides: readonly UncompiledSide[]): string {
  const parts = ['### amp-dbt diff\n'];
  for (const side of sides) {
    parts.push(`The project at ${sideLabel(side.ref, side.commit, code)} does not compile, so there is no diff to show:\n`);
    parts.push(fenced('text', side.errors.map(formatDiagnostic).join('\n') || 'no error was reported'));
  }
  return parts.join('\n');
}
