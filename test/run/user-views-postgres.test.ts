import { usePostgresServer } from '../support/postgres-server.js';
import { postgresTarget } from '../warehouse/warehouse-engines.js';
import { userViewScenarios } from './user-views.js';

const postgres = usePostgresServer();

// A database of its own for each scenario.
userViewScenarios({
  setup: async () => {
    const url = await postgres.server.createDatabase();
    return { output: `type: postgres\nurl: ${url}\nsslmode: disable`, target: { ...postgresTarget(url), schema: 'uv', physical_schema: 'uv_physical' } };
  },
  viewsKeepColumns: true,
});
