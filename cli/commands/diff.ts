import { loadComparedSql } from '../../core/diff/compared-sql.js';
import { diffManifests } from '../../core/diff/diff-manifests.js';
import { manifestSeedReaders } from '../../core/diff/seed-anchors.js';
import type { DiffLabels } from '../../core/diff/describe-change.js';
import { flag, list, parseArgs, str, UsageError } from '../args.js';
import { projectOptions, projectOptionsHelp, varsOptions, selectionOptions, selectionOptionsHelp, type Command } from '../command.js';
import { carriedOptions, failed, printJson, printWarning, shellWord } from '../output.js';
import { openManifestSource, printUnresolved, recordingWarnings, resolveManifest } from '../resolve-manifest.js';
import { resolveWorkingTree, WORKING_TREE } from '../working-tree-side.js';

const options = {
  ...projectOptions,
  ...varsOptions,
  ...selectionOptions,
  base: { kind: 'string' as const },
  head: { kind: 'string' as const },
  json: { kind: 'boolean' as const },
  markdown: { kind: 'boolean' as const },
  stat: { kind: 'boolean' as const },
};

export const command: Command = {
  name: 'diff',
  summary: 'Compare two commits or environments: changed models and why, their compiled-SQL diffs, the affected subgraph.',
  usage: 'amp-dbt diff --base REF|ENV [--head REF|ENV] [--select SEL...] [--exclude SEL...] [--stat | --json | --markdown]',
  help: `  --base REF|ENV       what to compare against: an environment (prod, pr-123) or a git commit, branch or tag
  --head REF|ENV       what to compare (default: HEAD); commits not recorded yet are compiled and recorded;
                       working-tree: the files as they are on the disk, uncommitted edits included
                       (compiled now, not recorded)
${selectionOptionsHelp}
                       --select and --exclude also take state:modified (added or modified models in
                       this diff) and state:new (added ones)
  --stat               only the summary: one line per changed model, without the SQL diffs
  --json               print the diff as JSON on stdout (nothing else): indented on a terminal, one line
                       when piped; "mermaid" is null when the affected subgraph is too large to draw
  --markdown           print the pull-request comment: summary table, reasons, mermaid graph, SQL diffs
                       (under GitHub's 65,536 characters: the largest diffs are cut first, with a note)
${projectOptionsHelp}

Reasons: body (the model's file), config, macro, var, seed (a seed it reads with ref() changed: the file's
content, its column types or its table), upstream (a parent's fingerprint changed), other
(none of these: a source's relation or the target changed); comment- or whitespace-only edits are
'formatting only' (same fingerprint); declared columns or a moved file alone are 'metadata only' (columns,
path).`,
  options,
  async run(argv) {
    const args = parseArgs(argv, options);
    const baseRef = str(args, 'base');
    const headRef = str(args, 'head') ?? 'HEAD';
    if (baseRef === undefined) throw new UsageError('--base is required: an environment name or a git commit, branch or tag');
    // One output, as the usage says (--stat | --json | --markdown): --stat beside another was silently ignored.
    const outputs = (['stat', 'json', 'markdown'] as const).filter((name) => flag(args, name));
    if (outputs.length > 1) throw new UsageError(`choose one of ${outputs.map((name) => `--${name}`).join(' and ')}`);
    const { source, errors } = await openManifestSource(args, 'diff');
    if (!source) return failed(errors, flag(args, 'json'));
    try {
      const side = (ref: string) => (ref === WORKING_TREE ? resolveWorkingTree(args, source) : resolveManifest(source, ref));
      const base = await side(baseRef);
      const head = await side(headRef);
      if (!base.manifest || !head.manifest) return printUnresolved([base, head], flag(args, 'json') ? 'json' : flag(args, 'markdown') ? 'markdown' : 'text');
      const sql = await loadComparedSql(source.store, source.repo, base.manifest, head.manifest);
      const selectors = [...list(args, 'select') ?? [], ...list(args, 'exclude') ?? []];
      const seedReaders = await manifestSeedReaders(source.store, source.repo, base.manifest, head.manifest, selectors);
      const olderKeptBecause = base.keptOlder ?? head.keptOlder;
      const diff = diffManifests(base.manifest, head.manifest, { select: list(args, 'select'), exclude: list(args, 'exclude'), sql, seedReaders, olderKeptBecause });
      // What a commit recorded now holds that its recording could not read, as `state record` warns (stderr with --json too).
      const unread = recordingWarnings([base, head]);
      diff.warnings.unshift(...unread);
      const selection = ['select', 'exclude'].flatMap((name) => (list(args, name) ? [`--${name} ${list(args, name)!.map(shellWord).join(' ')}`] : []));
      // The command that prints everything: on the same target and project (another target has other records).
      const command = ['amp-dbt diff --base', shellWord(baseRef), '--head', shellWord(headRef), ...selection].join(' ') + carriedOptions();
      const labels: DiffLabels = { base: { ref: baseRef }, head: { ref: headRef }, command };
      if (flag(args, 'json')) {
        for (const warning of unread) printWarning(warning);
        printJson({ ...diff, base: { ...diff.base, ref: baseRef, environment: base.environment }, head: { ...diff.head, ref: headRef, environment: head.environment } });
        return 0;
      }
      for (const warning of diff.warnings) printWarning(warning);
      // Only the renderer of the chosen output is loaded.
      if (flag(args, 'markdown')) process.stdout.write((await import('../../core/diff/render-diff-markdown.js')).renderDiffMarkdown(diff, labels));
      else process.stdout.write((await import('../../core/diff/render-diff-text.js')).renderDiffText({ ...diff, warnings: [] }, labels, flag(args, 'stat')));
      if (diff.models.length === 0 && str(args, 'head') === undefined && !flag(args, 'markdown')) {
        process.stderr.write('(this compares commits: HEAD is the last commit; --head working-tree compares your uncommitted edits)\n');
      }
      return 0;
    } finally {
      await source.store.close();
    }
  },
};
