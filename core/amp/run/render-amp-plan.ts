import { plural } from '../../util/plural.js';
import { planHeading, type PlanLabels } from '../../plan/render-plan-text.js';
import type { AmpPlannedStep, AmpRunPreview } from './preview-amp-run.js';

/** `abcdef012345…`: enough of a manifest hash to recognise it. */
const short = (hash: string) => `${hash.slice(0, 12)}…`;

/** What the run does about the version's jobs: the newest one it has, or the one it would start. */
function jobText(step: AmpPlannedStep): string {
  if (step.job) return `job ${step.job.id} ${step.job.status}`;
  if (step.deploy) return `start a job${step.endBlock === null ? '' : ` (end block ${step.endBlock})`}`;
  return 'no job started (deploy: false)';
}

function stepLines(step: AmpPlannedStep, width: number): string[] {
  const what = step.action === 'register'
    ? `register, ${jobText(step)}`
    : `manifest ${short(step.manifestHash!)}, ${step.job || !step.deploy ? jobText(step) : `no job: ${jobText(step)}`}`;
  const mark = step.action === 'register' ? '+' : '=';
  return [`  ${mark} ${step.model.padEnd(width)}  ${step.dataset}: ${what}`, ...step.warnings.map((w) => `      warning: ${w}`)];
}

/**
 * `plan` on an amp target: what `run --target amp` would register, reuse (already on the server, with its
 * manifest hash and newest job), deploy, query, and where the environment's tag would move.
 */
export function renderAmpPlanText(preview: AmpRunPreview, labels: PlanLabels, left: readonly string[]): string {
  const s = preview.summary;
  const tag = preview.environmentVersion;
  const counts = [`register ${s.register}`, `reuse ${s.reuse}`, `start ${plural(s.deploy, 'job')}`, `query ${s.adhoc} ad-hoc`];
  if (s.blocked) counts.push(`blocked ${s.blocked}`);
  const lines = [planHeading(labels, ` in Amp namespace ${preview.namespace}`), `  ${counts.join(', ')}${tag ? `; move ${tag} on ${plural(s.tag, 'dataset')}` : ''}`];
  const width = Math.max(0, ...preview.steps.map((m) => m.model.length));
  const of = (action: AmpPlannedStep['action']) => preview.steps.filter((m) => m.action === action);
  const register = of('register');
  const reuse = of('reuse');
  const blocked = of('blocked');
  const adhoc = of('adhoc');
  if (register.length) lines.push(`register (${register.length}):`, ...register.flatMap((m) => stepLines(m, width)));
  if (reuse.length) lines.push(`reuse, on the server already (${reuse.length}):`, ...reuse.flatMap((m) => stepLines(m, width)));
  if (blocked.length) {
    lines.push(`blocked: a registered parent is neither on the server nor in the run (${blocked.length}):`,
      ...blocked.map((m) => `  ! ${m.model.padEnd(width)}  parent '${m.blockedBy}'`));
  }
  if (adhoc.length) {
    lines.push(`ad-hoc queries, run and counted, nothing registered (${adhoc.length}): ${adhoc.map((m) => m.model).join(', ')}`);
    // Those reading datasets the server keeps instead of computing their models again.
    lines.push(...adhoc.filter((m) => m.reads.length).map((m) => `  < ${m.model.padEnd(width)}  reads ${m.reads.join(', ')}`));
  }
  if (tag === null) {
    lines.push(`environment '${preview.environment}': its name cannot be a semantic version, so no tag moves (it is kept in the state database only)`);
  } else if (blocked.length) {
    lines.push(`${tag}: moves nowhere, as a run with a blocked model fails and tags nothing`);
  } else {
    const moving = preview.steps.filter((m) => m.tag?.moves);
    const staying = preview.steps.filter((m) => m.tag && !m.tag.moves).length;
    if (moving.length) {
      lines.push(`${tag}, moved once every model succeeded (${moving.length}):`,
        ...moving.map((m) => `  > ${m.model.padEnd(width)}  ${m.tag!.current ? short(m.tag!.current) : '(none)'} -> ${m.manifestHash ? short(m.manifestHash) : 'the new manifest'}`));
    }
    if (staying) lines.push(`${tag} already on the manifest of ${plural(staying, 'dataset')}`);
  }
  if (left.length) lines.push(`not in the commit, left on the server as they are (${left.length}): ${left.join(', ')}`);
  if (s.register === 0 && s.deploy === 0 && s.tag === 0 && s.blocked === 0) {
    lines.push(`nothing to register, deploy or tag: the server has every version${tag ? ` and ${tag} points at it` : ''}${adhoc.length ? ' (the ad-hoc queries still run)' : ''}`);
  }
  return `${lines.join('\n')}\n`;
}
