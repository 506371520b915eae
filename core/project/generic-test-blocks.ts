/**
 * dbt's generic test blocks, `{% test name(model, column_name) %} ... {% endtest %}`, read as the macros dbt
 * makes of them: `test_<name>`. Macro files are read through this, so both render paths know them; only the
 * opening tag's line changes (its columns after the tag's name move by the length of `macro test_`).
 */
export function genericTestsAsMacros(content: string): string {
  if (!content.includes('test')) return content;
  return content
    .replace(/\{%(-?)(\s*)test(\s+)([A-Za-z_]\w*)/g, '{%$1$2macro$3test_$4')
    .replace(/\{%(-?)(\s*)endtest(\s*-?%\})/g, '{%$1$2endmacro$3');
}
