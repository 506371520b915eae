import { plural } from '../core/util/plural.js';
import type { AmpDeployRunReport } from '../core/amp/run/amp-deploy-run.js';
import type { AmpModelOutcome, AmpRunPlan } from '../core/amp/run/amp-run-types.js';
import { recordedAs, type DeployCommit } from './deploy-commit.js';
import { info, printWarning } from './output.js';

const useColor = () => process.stderr.isTTY && !process.env.NO_COLOR;
const paint = (code: number, text: string) => (useColor() ? `\u001b[${code}m${text}\u001b[0m` : text);

/** `abcdef012345…`: enough of a manifest hash to recognise it. */
const short = (hash: string | null) => (hash ? `${hash.slice(0, 12)}…` : '-');

/** One line per model as it finishes (stderr), then its dependency warnings. */
export function ampOutcomeLine(o: AmpModelOutcome, index: number, total: number, at?: { line: number; column: number } | null): string {
  const counter = `${String(index).padStart(String(total).length)}/${total}`;
  const label = { success: paint(32, 'OK     '), error: paint(31, 'ERROR  '), skipped: paint(33, 'SKIP   '), reused: paint(2, 'REUSE  ') }[o.status];
  const parts: string[] = [];
  if (o.action === 'adhoc') {
    parts.push(o.rows === null ? 'ad-hoc query' : `ad-hoc query, ${o.rows.toLocaleString('en-US')} row${o.rows === 1 ? '' : 's'}`);
    if (o.reads.length) parts.push(`read ${o.reads.join(', ')}`);
  }
  else if (o.dataset) {
    parts.push(`${o.dataset}${o.manifestHash ? ` manifest ${short(o.manifestHash)}` : ''}`);
    if (o.registered) parts.push('registered');
    if (o.tagged) parts.push(`tagged ${o.tagged}`);
    if (o.deployed) parts.push(`job ${o.jobId} started`);
    else if (o.jobId !== null) parts.push(`job ${o.jobId}`);
  }
  const where = at ? `${o.path}:${at.line}:${at.column}: ` : `${o.path}: `;
  const detail = o.error ? `\n        ${o.status === 'error' ? where : ''}${o.error.trimEnd().split('\n').join('\n        ')}` : '';
  return `${counter} ${label} ${o.model} (${parts.join(', ')})${detail}`;
}

/** `locate`: where in the model's file a failed model's server error points (serverErrorPosition), if anywhere. */
export function printAmpOutcome(o: AmpModelOutcome, index: number, total: number, locate?: (o: AmpModelOutcome) => { line: number; column: number } | null): void {
  for (const warning of o.warnings) printWarning(warning);
  info(ampOutcomeLine(o, index, total, o.status === 'error' ? locate?.(o) : null));
}

/** The summary after the lines: what was registered, deployed, tagged, and where the pointer is. */
export function summarizeAmpRun(report: AmpDeployRunReport, plan: AmpRunPlan): void {
  const count = (test: (o: AmpModelOutcome) => boolean) => report.outcomes.filter(test).length;
  const failed = count((o) => o.status === 'error');
  const skipped = count((o) => o.status === 'skipped');
  info(`\nrun ${report.runId} ${report.status}: ${count((o) => o.registered)} registered, ${count((o) => o.deployed)} deployed, `
    + `${count((o) => o.status === 'reused')} reused, ${count((o) => o.action === 'adhoc' && o.status === 'success')} queried, ${failed} failed, ${skipped} skipped`);
  const env = plan.environment;
  const tag = plan.environmentVersion;
  const tagged = count((o) => o.tagged !== null);
  const registered = count((o) => o.dataset !== null);
  if (!tag) info(`environment '${env}': its name cannot be a semantic version, so it is kept in the state database only (no tag)`);
  else if (tagged > 0) info(`environment '${env}': ${plural(tagged, 'dataset')} tagged ${tag}`);
  // Nothing tagged: either every tag was in place already, or the run did not succeed (the pointer line says why).
  else if (report.status === 'success' && registered > 0) info(`environment '${env}': ${tag} already on the manifest of every registered model of the run`);
  if (report.moved) info(`environment '${env}' now points at ${report.environment!.commit.slice(0, 12)}`);
  else if (report.notMoved) {
    // A run that did not succeed moves no tag either (applyAmpRun tags only once every model succeeded).
    const what = tag && report.status !== 'success' ? `pointer and ${tag} tags not moved` : 'pointer not moved';
    info(`environment '${env}' ${what}: ${report.notMoved}`);
  } else if (report.environment) info(`environment '${env}' already points at ${report.environment.commit.slice(0, 12)}`);
}

export function ampRunJson(report: AmpDeployRunReport, plan: AmpRunPlan, deploy: DeployCommit) {
  const { repository, target } = deploy.stateKey;
  return {
    repo: repository, target, environment: plan.environment, namespace: plan.namespace, environmentVersion: plan.environmentVersion, runId: report.runId,
    status: report.status, commit: report.environment?.commit ?? null, recordedAs: recordedAs(deploy), moved: report.moved, notMoved: report.notMoved, models: report.outcomes,
  };
}
