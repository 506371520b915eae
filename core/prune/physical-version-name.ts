/**
 * Whether a relation of the physical schema is named as amp-dbt names model versions (physicalName):
 * `<model>__<fp12>`, the fingerprint's first 12 hex digits. Prune drops nothing else.
 */
export function isPhysicalVersionName(name: string): boolean {
  return /^.+__[0-9a-f]{12}$/.test(name);
}

/** The part of a version's name before its fingerprint: `<model>__` (or `<model prefix>_<hash8>__`). */
export function versionPrefix(name: string): string {
  return name.slice(0, -12);
}
