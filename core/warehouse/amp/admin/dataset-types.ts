/**
 * Bodies of the Amp Admin API's dataset, manifest and schema operations, written by hand from the
 * components of Amp's OpenAPI spec (admin.spec.json, vendored next to this file) and named as there.
 * The spec is authoritative: where an older client disagrees, these follow the spec.
 */

/** A JSON object whose shape the spec leaves open (a manifest, a job descriptor). */
export type JsonObject = Record<string, unknown>;

/** `ErrorResponse`: every non-2xx body; `error_code` is stable SCREAMING_SNAKE_CASE, the message is for people. */
export interface ErrorResponse {
  error_code: string;
  error_message: string;
}

/** `DatasetSummary`: one dataset of `GET /datasets`. */
export interface DatasetSummary {
  namespace: string;
  name: string;
  /** Semantic versions, sorted descending. */
  versions: string[];
  latest_version?: string | null;
}

/** `DatasetsResponse` of `GET /datasets` (not paginated). */
export interface DatasetsResponse {
  datasets: DatasetSummary[];
}

/**
 * `RegisterRequest` of `POST /datasets`. `manifest` is either the 64-hex-digit hash of a manifest
 * already registered with `POST /manifests`, or the full manifest JSON. Without `version` only the
 * manifest link and the `dev` tag are updated.
 */
export interface RegisterRequest {
  namespace: string;
  name: string;
  version?: string;
  manifest: string | JsonObject;
}

/** `RegisterResponse` of `POST /datasets` (201). */
export interface RegisterResponse {
  namespace: string;
  name: string;
  version?: string | null;
  manifest_hash: string;
  kind: string;
  start_block: number;
  finalized_blocks_only: boolean;
  tables: string[];
}

/** `VersionInfo`: one semantic version of a dataset and the manifest it points at. */
export interface VersionInfo {
  version: string;
  manifest_hash: string;
  created_at: string;
  updated_at: string;
}

/** `SpecialTags`: `latest` is a semantic version, `dev` a manifest hash. */
export interface SpecialTags {
  latest?: string | null;
  dev?: string | null;
}

/** `VersionsResponse` of `GET /datasets/{namespace}/{name}/versions`. */
export interface VersionsResponse {
  namespace: string;
  name: string;
  versions: VersionInfo[];
  special_tags: SpecialTags;
}

/** `DatasetInfo` of `GET /datasets/{namespace}/{name}/versions/{revision}`. */
export interface DatasetInfo {
  namespace: string;
  name: string;
  /** The revision asked for (a version, a manifest hash, `latest` or `dev`). */
  revision: string;
  manifest_hash: string;
  kind: string;
  start_block: number;
  finalized_blocks_only: boolean;
  tables: string[];
}

/** `RegisterManifestResponse` of `POST /manifests`: the content hash that identifies the manifest. */
export interface RegisterManifestResponse {
  hash: string;
}

/** `ManifestResponse` of `GET /manifests/{hash}`: the manifest JSON (its shape depends on its kind). */
export type ManifestResponse = JsonObject;

/**
 * `SchemaRequest` of `POST /schema`. `dependencies` maps aliases to `namespace/name@version` or
 * `namespace/name@hash` (never `latest`/`dev`); `tables` maps table names to SQL; at least one of
 * `tables` or `functions` must be given.
 */
export interface SchemaRequest {
  dependencies?: Record<string, string>;
  tables?: Record<string, string>;
  functions?: Record<string, unknown>;
}

/** `SchemaResponse` of `POST /schema`: the inferred schema of each table, by table name. */
export interface SchemaResponse {
  schemas: Record<string, unknown>;
}
