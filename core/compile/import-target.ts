import type { ModelFile } from '../project/project-types.js';

/** Whether `target` is `path` written with dots, without `.sql` (`models/staging/stg_x.sql` is `models.staging.stg_x`). */
function isDottedPath(path: string, target: string): boolean {
  const length = path.endsWith('.sql') ? path.length - 4 : path.length;
  if (length !== target.length) return false;
  for (let i = 0; i < length; i++) {
    const c = path.charCodeAt(i);
    if ((c === 47 ? 46 : c) !== target.charCodeAt(i)) return false;
  }
  return true;
}

/**
 * The model a pragma's `models.<folder>.<model>` import names: the one whose path, written with dots and
 * without `.sql`, is `target` (of two such paths, `a.b/c.sql` and `a/b.c.sql`, the later by path). A model's
 * name is its file name, so it is `target` itself or what follows one of its dots: a few lookups by name
 * instead of an index of every model's path (a recording renders 10 models of 10,000).
 */
export function importedModel(target: string, modelsByName: ReadonlyMap<string, ModelFile>): string | undefined {
  let found: ModelFile | undefined;
  for (let from = 0; ; ) {
    const model = modelsByName.get(from === 0 ? target : target.slice(from));
    if (model && isDottedPath(model.path, target) && (found === undefined || model.path > found.path)) found = model;
    const dot = target.indexOf('.', from);
    if (dot < 0) break;
    from = dot + 1;
  }
  return found?.name;
}
