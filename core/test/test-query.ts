import type { DataTest } from './data-test.js';
import { genericTestSql } from './generic-test-sql.js';
import type { ReadRelation, TestRelations } from './test-relations.js';

/** The query returning a test's failing rows in the environment of `relations`; throws DataTestError. */
export function testQuery(test: DataTest, relations: TestRelations, quote: (identifier: string) => string): string {
  if (test.query) return relations.renderSql(test.query);
  const relation = test.model !== undefined ? relations.modelSql(test.model)
    : test.seed !== undefined ? relations.seedSql(test.seed, test.location) : relations.sourceSql(test.source!);
  return genericTestSql(test, {
    relation, quote,
    resolveTo: (to) => relations.targetSql(relations.relationshipTarget(to, test.location)),
  });
}

/** The stored relations a test reads (its model or source, a relationships test's `to`, a singular test's refs). */
export function testReads(test: DataTest, relations: TestRelations): ReadRelation[] {
  const models = [...test.models];
  const sources = [...test.sources];
  const seeds: string[] = test.seed !== undefined ? [test.seed] : [];
  if (test.kind === 'relationships' && typeof test.args.to === 'string') {
    try {
      const target = relations.relationshipTarget(test.args.to, test.location);
      if ('model' in target) models.push(target.model);
      else if ('seed' in target) seeds.push(target.seed);
      else sources.push(target.source);
    } catch {
      // An unreadable `to:` is reported by testQuery.
    }
  }
  return relations.reads(models, sources, seeds);
}
