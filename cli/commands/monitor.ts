import { flag, parseArgs, str, UsageError } from '../args.js';
import { projectOptions, projectOptionsHelp, type Command } from '../command.js';
import { printJson } from '../output.js';

const options = {
  ...projectOptions,
  watch: { kind: 'boolean' as const, short: 'w' },
  interval: { kind: 'string' as const },
  limit: { kind: 'string' as const },
  all: { kind: 'boolean' as const },
  json: { kind: 'boolean' as const },
};

export const command: Command = {
  name: 'monitor',
  summary: "A dashboard of the project's jobs on an Amp server and the progress of each table they write.",
  usage: 'amp-dbt monitor [--watch] [--interval S] [--limit N] [--all] [--json]',
  help: `  -w, --watch          keep the dashboard open, redrawn in place; q quits (on a terminal only:
                       without one the dashboard is printed once)
  --interval S         seconds between redraws with --watch (default 1; at least 0.1)
  --limit N            how many of the newest jobs to show (default 30)
  --all                the jobs of every namespace on the server, not only the target's
  --json               print one snapshot as JSON on stdout
${projectOptionsHelp}

Each row is a job of the target's namespace (the project's datasets, as in 'jobs list') and a table it
writes: its status, dataset, current block, Parquet files and bytes written, and the block it stops at;
how many jobs of other namespaces were left out is said under the table. The target is --target, else
the profile's target when it is an amp one, else its only amp target.`,
  options,
  async run(argv) {
    const args = parseArgs(argv, options);
    const interval = Number(str(args, 'interval') ?? '1');
    if (!Number.isFinite(interval) || interval < 0.1) throw new UsageError(`--interval takes a number of seconds of at least 0.1, not '${str(args, 'interval')}'`);
    const limit = Number(str(args, 'limit') ?? '30');
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new UsageError(`--limit takes a whole number from 1 to 1000, not '${str(args, 'limit')}'`);
    const { ampTargetFrom } = await import('../amp-target.js');
    const target = await ampTargetFrom(args, 'monitor');
    if (!target) return 1;
    const { adminClientForTarget, adminBaseUrl } = await import('../../core/warehouse/amp/admin/admin-client-for-target.js');
    const { collectMonitorSnapshot } = await import('../../core/amp/monitor/collect-monitor-snapshot.js');
    const { ampNamespace } = await import('../../core/amp/amp-naming.js');
    const { renderMonitor } = await import('../../core/amp/monitor/render-monitor.js');
    // Closing the dashboard aborts a pending read, so the process does not wait for its timeout.
    const closing = new AbortController();
    const admin = adminClientForTarget(target, { signal: closing.signal });
    const title = `amp-dbt monitor: ${target.name} (${adminBaseUrl(target)})`;
    // The project's jobs, those building datasets of its namespace, unless --all (as jobs list).
    const namespace = flag(args, 'all') ? null : ampNamespace(target);
    const snapshot = () => collectMonitorSnapshot(admin, { limit, namespace });
    if (flag(args, 'json')) {
      printJson(await snapshot());
      return 0;
    }
    if (!flag(args, 'watch') || !process.stdout.isTTY) {
      process.stdout.write(renderMonitor(await snapshot(), { title }));
      return 0;
    }
    return watch(title, namespace, snapshot, renderMonitor, interval * 1000, () => closing.abort());
  },
};

/** Redraws until the user quits; a failed read keeps the last snapshot on screen with the problem above it. */
async function watch(
  title: string,
  namespace: string | null,
  snapshot: () => Promise<import('../../core/amp/monitor/collect-monitor-snapshot.js').MonitorSnapshot>,
  render: typeof import('../../core/amp/monitor/render-monitor.js').renderMonitor,
  intervalMs: number,
  onQuit: () => void,
): Promise<number> {
  const { openLiveView } = await import('../amp-live-view.js');
  const view = openLiveView();
  let last: Awaited<ReturnType<typeof snapshot>> = { takenAt: new Date().toISOString(), namespace, jobs: [], otherNamespaces: 0, counts: {} };
  let quitting = false;
  void view.quit.then(() => {
    quitting = true;
    onQuit();
  });
  try {
    view.draw(`${title}\n\nreading jobs...`);
    while (!quitting) {
      let problem: string | null = null;
      try {
        // A read pending on a server that does not answer does not hold up q or Ctrl-C.
        const read = await Promise.race([snapshot(), view.quit.then(() => null)]);
        if (read) last = read;
      } catch (error) {
        problem = error instanceof Error ? error.message : String(error);
      }
      if (quitting) break;
      view.draw(render(last, { title, width: process.stdout.columns, live: true, problem }));
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([view.quit, new Promise((resolve) => { timer = setTimeout(resolve, intervalMs); })]);
      clearTimeout(timer);
    }
  } finally {
    view.close();
  }
  return 0;
}
