import { join } from 'node:path';
import { recordCommit } from '../../core/record/record-commit.js';
import { openStateStore } from '../../core/state/open-state-store.js';
import { stateKey } from '../../core/state/state-key.js';
import type { StateStore } from '../../core/state/state-store.js';
import type { Manifest } from '../../core/state/state-types.js';
import { commit, git, initRepo } from '../git/git-test-repo.js';
import { duckdbTarget } from '../helpers.js';

/** The repository key tests use (AMP_DBT_REPO for the CLI). */
export const REPO_KEY = 'acme/shop';

/** The key the CLI files the records of REPO_KEY under: with the embedded default target, 'dev'. */
export const STATE_KEY = stateKey(REPO_KEY, 'dev').key;

/** A small project: staging -> orders (a macro and a var) -> totals, plus a leaf report. */
export const baseProject: Record<string, string> = {
  '.gitignore': '.amp-dbt/\n',
  'dbt_project.yml': 'name: shop\nvars:\n  min_amount: 10\nmodels:\n  shop:\n    +materialized: view\n',
  'macros/cents.sql': '{% macro cents(column) %}({{ column }} * 100){% endmacro %}\n',
  'models/stg_orders.sql': '-- raw orders\nselect 1 as id, 5 as amount\n',
  'models/orders.sql': "select id, {{ cents('amount') }} as cents\nfrom {{ ref('stg_orders') }}\nwhere amount > {{ var('min_amount') }}\n",
  'models/totals.sql': "select count(*) as n\nfrom {{ ref('orders') }}\n",
  'models/report.sql': "select * from {{ ref('stg_orders') }}\n",
};

/** A git repository holding a project, and a SQLite state database (outside the repository) to record it in. */
export class ProjectRepo {
  readonly dir: string;
  readonly store: StateStore;

  private constructor(dir: string, store: StateStore) {
    this.dir = dir;
    this.store = store;
  }

  static async create(files: Record<string, string> = baseProject): Promise<ProjectRepo> {
    const dir = initRepo(files);
    commit(dir, 'v1');
    const store = await openStateStore({ type: 'sqlite', path: join(dir, '.amp-dbt', 'state.db') });
    return new ProjectRepo(dir, store);
  }

  /** Writes `files`, deletes `remove`, commits; returns the sha. */
  commit(message: string, files: Record<string, string>, remove: string[] = []): string {
    for (const path of remove) git(this.dir, 'rm', '-q', path);
    return commit(this.dir, message, files);
  }

  /** Compiles and records `ref`, returning its manifest. */
  async manifest(ref: string): Promise<Manifest> {
    const result = await recordCommit({ store: this.store, repo: REPO_KEY, projectDir: this.dir, ref, target: duckdbTarget, env: {} });
    if (!result.manifest) throw new Error(`${ref} does not compile: ${JSON.stringify(result.errors)}`);
    return result.manifest;
  }
}
