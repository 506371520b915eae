import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readLatest } from '../../core/freshness/read-latest.js';
import { openWarehouse } from '../../core/warehouse/open-warehouse.js';
import { duckdbTarget, tempDir } from '../helpers.js';

test("a loaded_at_field that is an SQL expression is measured as a timestamp, as dbt does; a missing column is still a problem", async () => {
  const warehouse = await openWarehouse(duckdbTarget, { baseDir: tempDir() });
  try {
    await warehouse.execute("CREATE SCHEMA raw; CREATE TABLE raw.events AS SELECT '2026-01-02 03:04:05' AS loaded, 1 AS id");
    const probe = { schema: 'raw', identifier: 'events', relationSql: 'raw.events', noTrackReason: 'none' };
    const latest = await readLatest(warehouse, { ...probe, trackColumn: 'cast(loaded as timestamp)' });
    assert.equal(latest.problem, null);
    assert.deepEqual([latest.trackColumn, latest.trackKind], ['cast(loaded as timestamp)', 'timestamp']);
    assert.match(latest.latestTimestamp!, /^2026-01-02[ T]03:04:05/);
    const missing = await readLatest(warehouse, { ...probe, trackColumn: 'loded' });
    assert.equal(missing.problem, "track column 'loded' is not a column of raw.events: did you mean 'loaded'?");
    const unlike = await readLatest(warehouse, { ...probe, trackColumn: 'updated_at' });
    assert.equal(unlike.problem, "track column 'updated_at' is not a column of raw.events: its columns are loaded, id");
    const located = await readLatest(warehouse, { ...probe, trackColumn: 'loded', trackColumnAt: { file: 'models/sources.yml', line: 4, column: 22 } });
    assert.equal(located.problem, "track column 'loded' (models/sources.yml:4:22) is not a column of raw.events: did you mean 'loaded'?");
    assert.equal(missing.misconfigured, true, "the configuration's problem: the check fails");
    const badExpression = await readLatest(warehouse, { ...probe, trackColumn: 'cast(loadedx as timestamp)' });
    assert.match(badExpression.problem!, /^the freshness loaded_at_field 'cast\(loadedx as timestamp\)' does not apply to raw\.events: .*loadedx/);
    const badFilter = await readLatest(warehouse, { ...probe, trackColumn: 'cast(loaded as timestamp)', filter: "kindx = 'good'" });
    assert.match(badFilter.problem!, /^the freshness filter 'kindx = 'good'' does not apply to raw\.events: .*kindx/);
    assert.equal(badFilter.misconfigured, true);
  } finally {
    await warehouse.close();
  }
});

test("a source naming a database the warehouse lacks is that row's problem, not the end of the check", async () => {
  const warehouse = await openWarehouse(duckdbTarget, { baseDir: tempDir() });
  try {
    await warehouse.execute("CREATE SCHEMA ecom; CREATE TABLE ecom.events AS SELECT TIMESTAMP '2026-01-02 03:04:05' AS updated_at");
    const probe = { schema: 'ecom', identifier: 'events', relationSql: '"analytics_db"."ecom"."events"', noTrackReason: 'none', trackColumn: 'updated_at' };
    const latest = await readLatest(warehouse, probe);
    assert.equal(latest.latestTimestamp, null);
    assert.match(latest.problem!, /^"analytics_db"\."ecom"\."events" cannot be read: .*Catalog "analytics_db" does not exist/);
  } finally {
    await warehouse.close();
  }
});
