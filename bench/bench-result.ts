/** What one benchmark case measured, as written to bench/results.json. */
export interface CaseResult {
  name: string;
  description: string;
  status: 'ok' | 'failed';
  runs: number;
  /** Wall time of the whole process, milliseconds; samples sorted ascending. */
  wallMs: { min: number; median: number; samples: number[] } | null;
  /** Highest peak RSS over the runs, megabytes. */
  maxRssMb: number | null;
  /** Facts from the case's setup, e.g. the number of models. */
  details: Record<string, unknown>;
  error?: string;
}
