import { duckdbTarget } from './run-project.js';
import { userViewScenarios } from './user-views.js';

userViewScenarios({
  setup: async () => ({ output: 'type: duckdb', target: { ...duckdbTarget(), schema: 'uv', physical_schema: 'uv_physical' } }),
  viewsKeepColumns: false,
});
