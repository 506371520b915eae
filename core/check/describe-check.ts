import type { CheckLocation, CheckOutcome } from './check-models.js';

/** `file:line:col`, as errors and the other warnings print where they are. */
const at = (location: CheckLocation) => `${location.file}:${location.line}:${location.column}`;

/** Warnings about models the type check could not check: skipped ones and those downstream. */
export function checkWarnings(outcome: CheckOutcome): string[] {
  return [
    ...outcome.skipped.map((s) => `type check skipped '${s.model}': ${s.reason}`),
    ...outcome.notChecked.map((n) => `type check did not check '${n.model}': ${n.because}`),
    ...outcome.missingColumns.filter((m) => !m.tested)
      .map((m) => `${at(m.location)}: column '${m.column}' of '${m.model}' is described here, but the model does not produce it`),
    ...outcome.typeMismatches.map((m) => `${at(m.location)}: column '${m.column}' of '${m.model}' is declared ${m.declared} here, but the model produces ${m.produced}`),
  ];
}

/** One summary line: `type check: 5 models bind, 1 fails, 2 not checked, 1 tested column missing`. */
export function checkSummary(outcome: CheckOutcome): string {
  const parts = [`${outcome.passed.length} model${outcome.passed.length === 1 ? '' : 's'} bind${outcome.passed.length === 1 ? 's' : ''}`];
  if (outcome.failed.length) parts.push(`${outcome.failed.length} fail${outcome.failed.length === 1 ? 's' : ''}`);
  if (outcome.skipped.length) parts.push(`${outcome.skipped.length} skipped`);
  if (outcome.notChecked.length) parts.push(`${outcome.notChecked.length} not checked`);
  // Columns with tests that a model does not produce are errors, though the model binds.
  const missing = outcome.missingColumns.filter((m) => m.tested).length;
  if (missing) parts.push(`${missing} tested column${missing === 1 ? '' : 's'} missing`);
  return `type check: ${parts.join(', ')}`;
}
