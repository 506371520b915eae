import { Diagnostics } from '../../core/errors.js';
import { loadProject } from '../../core/project/load-project.js';
import type { Project, Target } from '../../core/project/project-types.js';
import { seedProject, type SeedProjectOptions } from '../../core/seed/seed-project.js';
import { diskFileSource } from '../../core/util/file-source.js';
import type { WarehouseAdapter } from '../../core/warehouse/warehouse-adapter.js';
import { tempDir, writeTree } from '../helpers.js';

/** A source named by an Amp dataset reference, with declared types of every kind seeds convert. */
export const sourcesYml = `version: 2
sources:
  - name: eth
    schema: '_/eth@1.0.0'
    tables:
      - name: blocks
        columns:
          - name: block_num
            data_type: UInt64
          - name: hash
            data_type: FixedSizeBinary(32)
          - name: timestamp
            data_type: Timestamp(Nanosecond, +00:00)
          - name: base_fee
            data_type: Decimal128(38, 0)
      - name: logs
        identifier: raw_logs
`;

const hash = (n: number) => `0x${n.toString(16).padStart(64, '0')}`;

export const blocksCsv = `block_num,hash,timestamp,base_fee,miner,note
18446744073709551615,${hash(1)},2024-01-15T10:00:00Z,28873000000,0x1b7d49cbb4656e3da9dd9f26623f250f54846e14,first
2,${hash(2)},2024-01-15 10:00:12+00,,0xABCDEF,"with, comma"
3,,2024-01-15T10:00:24.5Z,7,,
`;

export const projectFiles: Record<string, string> = {
  'dbt_project.yml': 'name: shop\nversion: "1.0.0"\nprofile: shop\n',
  'models/_sources.yml': sourcesYml,
  'models/placeholder.sql': 'select 1 as id\n',
  'seeds/eth/blocks.csv': blocksCsv,
  'seeds/countries.csv': 'code,name,population,member\nDE,Germany,83200000,true\nFR,France,68000000,true\nCH,Switzerland,8800000,false\n',
};

export const duckdbTarget = (): Target => ({ name: 'dev', type: 'duckdb', schema: 'main', path: 'warehouse.duckdb' });

export function makeProject(files: Record<string, string> = projectFiles): string {
  return writeTree(tempDir('amp-dbt-seed-'), files);
}

export function load(root: string): Project {
  const diagnostics = new Diagnostics();
  const project = loadProject({ files: diskFileSource(root), root }, diagnostics);
  if (!project || diagnostics.hasErrors) throw new Error(`project does not load: ${JSON.stringify(diagnostics.sorted())}`);
  return project;
}

export async function seed(root: string, target: Target, adapter: WarehouseAdapter, options: SeedProjectOptions = {}) {
  const warnings: string[] = [];
  const report = await seedProject(load(root), target, adapter, { warn: (w) => warnings.push(w), ...options });
  return { ...report, warnings, byName: Object.fromEntries(report.results.map((r) => [r.seed.name, r])) };
}
