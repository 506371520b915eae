import type { Diagnostics } from '../errors.js';
import { isMapping } from '../project/mapping-reader.js';
import type { Project } from '../project/project-types.js';
import { parseYamlFile } from '../project/yaml-file.js';

/**
 * `column_types` of seeds, from `seeds:` entries of property files beside them (dbt's spelling):
 *
 *   seeds:
 *     - name: token_labels
 *       config:
 *         column_types: {token_address: 'FixedSizeBinary(20)', decimals: UInt8}
 *
 * Returns seed name -> column -> type. Malformed entries are reported; the project loader accepts `seeds:`
 * without reading it, so this is the only reader.
 */
export function readSeedColumnTypes(project: Project, diagnostics: Diagnostics): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  const files = project.seedPaths.flatMap((dir) => project.files.list(dir)).filter((p) => /\.ya?ml$/.test(p));
  for (const path of [...new Set(files)]) {
    const yaml = parseYamlFile(project.files.read(path), path, diagnostics);
    if (!yaml.ok || !isMapping(yaml.value) || !Array.isArray(yaml.value.seeds)) continue;
    for (const entry of yaml.value.seeds) {
      if (!isMapping(entry) || typeof entry.name !== 'string') continue;
      const config = isMapping(entry.config) ? entry.config : {};
      const types = config.column_types ?? entry.column_types;
      if (types === undefined) continue;
      const container = config.column_types !== undefined ? config : entry;
      if (!isMapping(types) || Object.values(types).some((t) => typeof t !== 'string')) {
        diagnostics.error('invalid-value', `column_types of seed '${entry.name}' must map column names to type names`, yaml.locate(container, 'column_types', 'value'),
          "for example column_types: {block_num: UInt64, hash: 'FixedSizeBinary(32)'}");
        continue;
      }
      out.set(entry.name, new Map(Object.entries(types as Record<string, string>)));
    }
  }
  return out;
}
