import { modelRelation } from '../compile/target-sql.js';
import type { ModelConfig, Target } from '../project/project-types.js';

/** The environment whose views live in the target's own schemas; every other one gets `<schema>__<env>`. */
export const PRODUCTION_ENVIRONMENT = 'prod';

/** Where an environment's views of models built in `schema` live: `schema` for prod, else `<schema>__<env>`. */
export function environmentSchema(schema: string, environment: string): string {
  return environment === PRODUCTION_ENVIRONMENT ? schema : `${schema}__${environment}`;
}

/** The view a model has in an environment: its usual relation (custom schema, alias), in the environment's schema. */
export function environmentRelation(model: { name: string; config: ModelConfig }, target: Target, environment: string): { schema: string; identifier: string } {
  const relation = modelRelation(model, target);
  return { schema: environmentSchema(relation.schema, environment), identifier: relation.identifier };
}
