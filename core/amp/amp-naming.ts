import type { CompiledModel, RenderedModel } from '../compile/compiled-model.js';
import type { Target } from '../project/project-types.js';

/**
 * How amp-dbt names things on an Amp server. Each registered model is the derived dataset
 * `<namespace>/<model>` holding one table named after the model. Every fingerprint of a model is
 * registered as its own semantic version, so the version a fingerprint maps to is known before
 * anything is registered (children name their parents' versions in their manifests), and the server's
 * version list is the fingerprint -> manifest hash map.
 */

/** The `namespace/name@version` form a derived manifest's dependencies take (derived.spec.json DepReference). */
export const DEP_REFERENCE = /^([a-z0-9_]+)\/([a-z_][a-z0-9_]*)@(.+)$/;
export const DATASET_NAME = /^[a-z_][a-z0-9_]*$/;
export const NAMESPACE = /^[a-z0-9_]+$/;
export const DEPENDENCY_ALIAS = /^[a-zA-Z][a-zA-Z0-9_]*$/;

/** The namespace models are registered in: the target's `namespace`, else its schema. */
export function ampNamespace(target: Target): string {
  return typeof target.namespace === 'string' && target.namespace ? target.namespace : target.schema;
}

/** The version a fingerprint is registered as: `0.0.0-fp<first 12 hex digits>`. */
export function fingerprintVersion(fingerprint: string): string {
  return `0.0.0-fp${fingerprint.slice(0, 12)}`;
}

/**
 * The dataset reference of a registered model's fingerprint, `<namespace>/<model>@0.0.0-fp<12 hex>`: what a
 * child's manifest names in its dependencies, and what a run's ad-hoc query reads (quoted) instead of
 * inlining the model.
 */
export function modelDatasetReference(namespace: string, model: Pick<CompiledModel, 'name' | 'fingerprint'>): string {
  return `${namespace}/${model.name}@${fingerprintVersion(model.fingerprint)}`;
}

const SEMVER_IDENTIFIER = /^(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)$/;

/**
 * The version an environment is tagged as, `0.0.0-env.<name>`, or null when the name cannot be part of a
 * semantic version (semver pre-release identifiers allow letters, digits and `-` only, so `dev_alice`
 * cannot be a tag: such an environment is kept in the state database only).
 */
export function environmentVersion(environment: string): string | null {
  const parts = environment.split('.');
  return parts.every((part) => SEMVER_IDENTIFIER.test(part)) ? `0.0.0-env.${environment}` : null;
}

export interface DatasetRef {
  namespace: string;
  name: string;
  revision: string;
}

/** Splits `namespace/name@revision`; null when it is not one. */
export function parseDatasetRef(reference: string): DatasetRef | null {
  const match = DEP_REFERENCE.exec(reference);
  return match ? { namespace: match[1], name: match[2], revision: match[3] } : null;
}

/**
 * Whether a model is registered as a derived dataset: every model but ephemeral ones (inlined into their
 * children) unless its config says `register: false`, which keeps it an ad-hoc query.
 */
export function isRegistered(model: Pick<RenderedModel, 'materialized' | 'config'>): boolean {
  return model.materialized !== 'ephemeral' && model.config.register !== false;
}

/** Whether a registered model's job is started by a deploy (`deploy: false` registers only). */
export function isDeployed(model: Pick<RenderedModel, 'materialized' | 'config'>): boolean {
  return isRegistered(model) && model.config.deploy !== false;
}

