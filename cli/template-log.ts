/** dbt's `log('...', info=True)` from a template, as compileProject's onLog: on stderr, so `--json` output stays JSON. */
export function printTemplateLog(message: string): void {
  process.stderr.write(`${message}\n`);
}
