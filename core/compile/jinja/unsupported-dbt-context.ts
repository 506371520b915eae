/**
 * Names of dbt's Jinja context that amp-dbt does not give templates (a project macro of the name replaces one). nunjucks reads an unknown name as an
 * empty value, so `{{ flags.FULL_REFRESH }}` printed nothing and `{% if model.config.materialized == 'x' %}`
 * was silently false: instead, any use of one of these names is an error at it (JinjaRenderer makes reading
 * the global throw; the fast path declines a template reading one). A template's or macro's own variable of
 * the name (`{% set model = ... %}`, a parameter `model`) is not one of these.
 */
export interface UnsupportedContext {
  message: string;
  hint: string;
}

const NOT_IN_SQL = 'it changes from one invocation to the next, and a model\'s SQL may not (its fingerprint would)';

export const UNSUPPORTED_DBT_CONTEXT: ReadonlyMap<string, UnsupportedContext> = new Map([
  ['model', {
    message: "dbt's 'model' (the node being compiled) is not supported by amp-dbt",
    hint: "use this for the model's relation, config.get('materialized') and the other config.get('...') for its config, is_incremental() for its mode",
  }],
  ['graph', {
    message: "dbt's 'graph' (the project's nodes) is not supported by amp-dbt",
    hint: 'ref() or source() the relations the model reads; their names and columns are not available while rendering',
  }],
  ['flags', {
    message: `dbt's 'flags' (flags.FULL_REFRESH ...) is not supported by amp-dbt: ${NOT_IN_SQL}`,
    hint: "write the incremental part in {% if is_incremental() %}: --full-refresh and the model's full_refresh config decide when it is rebuilt",
  }],
  ['invocation_id', {
    message: `dbt's 'invocation_id' is not supported by amp-dbt: ${NOT_IN_SQL}`,
    hint: 'remove it: amp-dbt records every run and the model version it built (amp-dbt state runs, amp-dbt state run ID)',
  }],
  ['run_query', {
    message: "dbt's 'run_query' is not supported by amp-dbt: models are rendered without querying the warehouse",
    hint: 'compute the value in the SQL itself (a subquery or a join), or pass it in as a var',
  }],
  ['statement', {
    message: "dbt's statement blocks ({% call statement(...) %}) are not supported by amp-dbt: models are rendered without querying the warehouse",
    hint: 'compute the value in the SQL itself (a subquery or a join), or pass it in as a var',
  }],
  ['load_result', {
    message: "dbt's 'load_result' is not supported by amp-dbt: models are rendered without querying the warehouse, so there are no statement results",
    hint: 'compute the value in the SQL itself (a subquery or a join), or pass it in as a var',
  }],
  ['api', {
    message: "dbt's 'api' (api.Relation, api.Column) is not supported by amp-dbt",
    hint: 'use ref(), source() or this for relations; columns are written in the SQL',
  }],
  ['modules', {
    message: "dbt's 'modules' (Python's datetime, re, itertools ...) is not supported by amp-dbt",
    hint: "use run_started_at (and its strftime('%Y-%m-%d')) for the time, string methods and filters for text, or SQL",
  }],
  ['dbt_version', {
    message: "dbt's 'dbt_version' is not supported by amp-dbt (it is not dbt, and has no dbt version to give)",
    hint: 'remove the version check, or branch on target.type',
  }],
]);
