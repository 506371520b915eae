/** A time as both stores return it (`Date#toISOString`, UTC with milliseconds); now when absent. */
export function isoTime(value?: string | null): string {
  return (value === undefined || value === null ? new Date() : new Date(value)).toISOString();
}
