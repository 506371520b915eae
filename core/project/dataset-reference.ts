/**
 * An Amp dataset reference a model may depend on: `namespace/name@version` with an exact version (semver)
 * or a manifest hash. `latest` and `dev` move, and Amp refuses them in a derived dataset's dependencies
 * (a fingerprint must name what it reads), so both model syntaxes refuse them when compiling.
 */
export const DATASET_REFERENCE = /^[a-z0-9_]+\/[a-z_][a-z0-9_]*@(?:\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?|[0-9a-f]{64})$/;

export const DATASET_REFERENCE_HINT = 'write <namespace>/<name>@<version> with an exact version or a manifest hash (not latest or dev), e.g. _/eth_firehose@1.0.0';
