import { test } from 'node:test';
import assert from 'node:assert/strict';
import { foreignTagsWarning } from '../../core/amp/run/tag-environment.js';
import type { AmpRunPlan } from '../../core/amp/run/amp-run-types.js';

const step = (model: string, registered = true) => ({ model, draft: registered ? {} : null }) as unknown as AmpRunPlan['steps'][number];
const plan = { namespace: 'erc20', environment: 'prod', environmentVersion: '0.0.0-env.prod', steps: [step('stg_blocks'), step('fct_transfers'), step('dim_tokens', false)] };

test("a new environment whose tag the namespace's datasets carry already is said: the run would move another project's tags", () => {
  const versions = new Map([
    ['stg_blocks', new Map([['0.0.0-fp111', 'h1'], ['0.0.0-env.prod', 'h1']])],
    ['fct_transfers', new Map([['0.0.0-fp222', 'h2']])],
    ['dim_tokens', new Map([['0.0.0-env.prod', 'h3']])],
  ]);
  assert.equal(foreignTagsWarning(plan, versions),
    "environment 'prod' is new to this state database, but erc20/stg_blocks@0.0.0-env.prod already exist on the server: another project or state database "
    + 'uses namespace erc20 and this environment name, and this run moves those tags (give this project its own namespace: in profiles.yml)');
  assert.equal(foreignTagsWarning(plan, new Map([['stg_blocks', new Map([['0.0.0-fp111', 'h1']])]])), null, 'no tag yet: nothing to say');
  assert.equal(foreignTagsWarning({ ...plan, environmentVersion: null }, versions), null);
});
