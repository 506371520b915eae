/**
 * Why a job failed, as text a person reads. Amp gives it as `detail`, structured JSON the spec leaves open
 * (a failed job's progress, its ERROR or FATAL event): an ErrorResponse-like `{error_code, error_message}`
 * (the local server's, and the shape of Amp's error bodies) reads `CODE: message`; `message` or `error`
 * keys are read the same way; a string is itself; any other object is its `key: value` pairs. Null when
 * there is no detail.
 */
export function jobErrorText(detail: unknown): string | null {
  if (detail === undefined || detail === null) return null;
  if (typeof detail === 'string') return detail.trimEnd() || null;
  if (typeof detail !== 'object' || Array.isArray(detail)) return JSON.stringify(detail);
  const fields = detail as Record<string, unknown>;
  const code = typeof fields.error_code === 'string' ? fields.error_code : typeof fields.code === 'string' ? fields.code : null;
  const message = fields.error_message ?? fields.message ?? fields.error;
  if (message !== undefined && message !== null) {
    const text = jobErrorText(message) ?? '';
    return code ? `${code}: ${text}` : text;
  }
  const pairs = Object.entries(fields).map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
  return pairs.length ? pairs.join('; ') : null;
}

/** `text` with every line after the first indented by `indent` (a multi-line error under its heading). */
export function indentLines(text: string, indent: string): string {
  return text.split('\n').map((line, i) => (i === 0 || line === '' ? line : indent + line)).join('\n');
}
