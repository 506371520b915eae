import { AmpDbtError } from '../../core/errors.js';
import { flag, parseArgs, str, UsageError, type ParsedArgs } from '../args.js';
import { projectOptions, projectOptionsHelp, type Command } from '../command.js';
import { subcommand } from '../open-state.js';
import { info, printJson } from '../output.js';
import { plural } from '../../core/util/plural.js';
import { jobsSubcommands } from './jobs-help.js';

const options = {
  ...projectOptions,
  status: { kind: 'string' as const },
  all: { kind: 'boolean' as const },
  env: { kind: 'string' as const, short: 'e' },
  'end-block': { kind: 'string' as const },
  json: { kind: 'boolean' as const },
};

export const command: Command = {
  name: 'jobs',
  summary: 'Jobs on an Amp server: list them, show one, its events, stop one, or resume a model.',
  usage: 'amp-dbt jobs list [--status S] [--all] | status ID | logs ID | stop ID | resume MODEL [--env NAME] [--end-block B]   (each with [--json])',
  help: `  list                 the jobs of the target's namespace (the project's datasets), newest first (all
                       pages), with each one's dataset and manifest hash
  status ID            one job: status, dataset, end block, and per-table progress (block, files, bytes)
  logs ID              the job's lifecycle events (SCHEDULED, RUNNING, COMPLETED, ERROR, ...), with why
                       a failed job failed under its ERROR or FATAL event
  stop ID              ask the job to stop (a finished job is left as it is)
  resume MODEL         start a job for a registered model whose newest job has finished (stopped,
                       failed or completed); a job still running is left alone
  --status S           list: active (not finished), all (the default), or statuses separated by commas
                       (SCHEDULED, RUNNING, COMPLETED, STOPPED, STOP_REQUESTED, STOPPING, ERROR, FATAL, UNKNOWN)
  --all                list: the jobs of every namespace on the server, not only the target's
  -e, --env NAME       resume: the version tagged for the environment (default: the model's fingerprint
                       in the working tree)
  --end-block B        resume: where the job stops: latest, a block number or -N (default: the model's
                       end_block config, else never)
  --json               print the server's answer as JSON on stdout
${projectOptionsHelp}

The target is --target, else the profile's target when it is an amp one, else its only amp target.`,
  options,
  subcommands: jobsSubcommands,
  async run(argv) {
    const args = parseArgs(argv, options);
    const { name, operands } = subcommand(args, { list: [], status: ['id'], logs: ['id'], stop: ['id'], resume: ['model'] });
    const { ampTargetFrom } = await import('../amp-target.js');
    const target = await ampTargetFrom(args, 'jobs');
    if (!target) return 1;
    const { adminClientForTarget } = await import('../../core/warehouse/amp/admin/admin-client-for-target.js');
    const admin = adminClientForTarget(target);
    const json = flag(args, 'json');
    // --env names the version `resume` deploys; the other subcommands would ignore it.
    if (str(args, 'env') !== undefined && name !== 'resume') throw new UsageError(`--env applies to 'jobs resume' only (the environment's version it deploys)`);
    if (flag(args, 'all') && name !== 'list') throw new UsageError(`--all applies to 'jobs list' only`);
    const render = await import('../../core/amp/jobs/render-jobs.js');
    const out = (value: unknown, text: string) => (json ? printJson(value) : process.stdout.write(text));
    switch (name) {
      case 'list': {
        const { parseJobStatusFilter } = await import('../../core/amp/jobs/job-status-filter.js');
        let status;
        try {
          status = parseJobStatusFilter(str(args, 'status') ?? 'all');
        } catch (error) {
          // A bad option value is a usage error (exit 2), as --threads 0 is.
          if (error instanceof AmpDbtError) throw new UsageError(`--status: ${error.message} (${error.hint})`);
          throw error;
        }
        const { ampNamespace } = await import('../../core/amp/amp-naming.js');
        const { jobInNamespace } = await import('../../core/amp/jobs/job-dataset.js');
        // The project's jobs: those building datasets of its namespace, unless --all.
        const namespace = flag(args, 'all') ? null : ampNamespace(target);
        const jobs = [];
        let others = 0;
        for await (const job of admin.allJobs({ status, limit: 1000 })) {
          if (namespace === null || jobInNamespace(job, namespace)) jobs.push(job);
          else others++;
        }
        out({ namespace, jobs }, render.renderJobsTable(jobs, namespace ?? undefined));
        if (!json && others > 0) info(`${plural(others, 'job')} of other namespaces not shown (--all lists them)`);
        return 0;
      }
      case 'status': {
        const id = jobId(operands[0]);
        const [job, progress] = await Promise.all([admin.getJob(id), admin.getJobProgress(id)]);
        out({ job, progress }, render.renderJobStatus(job, progress));
        return ['ERROR', 'FATAL'].includes(job.status) ? 1 : 0;
      }
      case 'logs': {
        const id = jobId(operands[0]);
        const { readJobLog } = await import('../../core/amp/jobs/read-job-log.js');
        const log = await readJobLog(admin, id);
        out(log, render.renderJobEvents(id, log.events));
        return 0;
      }
      case 'stop': {
        const id = jobId(operands[0]);
        const { FINISHED_STATUSES } = await import('../../core/amp/jobs/job-status-filter.js');
        // A finished job is left as it is (the server answers 200): say so rather than print its status alone.
        const before = await admin.getJob(id);
        const finished = FINISHED_STATUSES.has(before.status);
        if (!finished) await admin.stopJob(id);
        const job = finished ? before : await admin.getJob(id);
        const text = finished ? `job ${id}: ${job.status}, finished already: nothing to stop\n`
          : `job ${id}: ${job.status}${job.status === 'STOPPED' ? '' : ` (stop requested; amp-dbt jobs status ${id} shows when it has stopped)`}\n`;
        out({ job, stopRequested: !finished }, text);
        return 0;
      }
      default:
        return resume(args, operands[0], target, json);
    }
  },
};

function jobId(text: string): number {
  if (!/^[1-9]\d*$/.test(text)) throw new UsageError(`a job id is a positive whole number, not '${text}'`);
  return Number(text);
}

/** `jobs resume MODEL`: the model's revision from the working tree's compile (or --env's tag). */
async function resume(args: ParsedArgs, model: string, target: import('../../core/project/project-types.js').Target, json: boolean): Promise<number> {
  const endBlockText = str(args, 'end-block');
  if (endBlockText !== undefined && !/^(?:latest|-?\d+)$/.test(endBlockText)) throw new UsageError(`--end-block takes 'latest', a block number or a negative offset, not '${endBlockText}'`);
  const { openAndCompile } = await import('../open-project.js');
  const { failed } = await import('../output.js');
  const compiled = await openAndCompile({ ...args, options: { ...args.options, target: target.name } });
  if (!compiled.result || compiled.diagnostics.hasErrors) return failed(compiled.diagnostics.sorted(), json);
  const naming = await import('../../core/amp/amp-naming.js');
  const found = compiled.result.byName.get(model);
  if (!found) {
    const { didYouMean } = await import('../../core/util/did-you-mean.js');
    throw new AmpDbtError('model-not-found', `no model is named '${model}'`, { hint: didYouMean(model, compiled.result.byName.keys()) || 'amp-dbt list names the models' });
  }
  if (!naming.isRegistered(found)) {
    throw new AmpDbtError('model-not-registered', `'${model}' is not registered on Amp (ephemeral, or register: false): it has no jobs to resume`, {
      hint: 'resume a registered model (amp-dbt jobs list shows their jobs), or remove register: false from its config',
    });
  }
  const env = str(args, 'env');
  const revision = env === undefined ? naming.fingerprintVersion(found.fingerprint) : naming.environmentVersion(env);
  if (revision === null) throw new AmpDbtError('invalid-environment-name', `environment '${env}' has no version tag on Amp (its name cannot be part of a semantic version)`, { hint: 'environments on Amp are named with letters, digits and -' });
  const endBlock = endBlockText ?? (typeof found.config.end_block === 'string' ? found.config.end_block : null);
  const { adminClientForTarget } = await import('../../core/warehouse/amp/admin/admin-client-for-target.js');
  const { resumeModel } = await import('../../core/amp/jobs/resume-model.js');
  const namespace = naming.ampNamespace(target);
  const result = await resumeModel(adminClientForTarget(target), namespace, model, revision, endBlock);
  if (json) printJson({ model, dataset: `${namespace}/${model}@${revision}`, ...result });
  else if (result.started) process.stdout.write(`job ${result.jobId} started for ${namespace}/${model}@${revision}\n`);
  else process.stdout.write(`job ${result.jobId} for ${namespace}/${model}@${revision} is ${result.status}: nothing to resume\n`);
  return 0;
}
