/**
 * Preloaded into a measured process with `node --import`: when it exits, writes its peak resident
 * set size (kilobytes, `process.resourceUsage().maxRSS`) to the file named by AMP_DBT_BENCH_RSS_FILE.
 */
import { writeFileSync } from 'node:fs';

export const RSS_FILE_ENV = 'AMP_DBT_BENCH_RSS_FILE';

const file = process.env[RSS_FILE_ENV];
if (file) {
  process.on('exit', () => {
    writeFileSync(file, `${process.resourceUsage().maxRSS}\n`);
  });
}
