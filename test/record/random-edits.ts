import { newModel, randomProperties, type ProjectState } from './random-project.js';
import type { Random } from './seeded-random.js';

/** One kind of edit: changes `state` and says what it did, or returns null when it does not apply. */
type Edit = (random: Random, state: ProjectState) => string | null;

const FOLDERS = ['staging', 'intermediate', 'marts', 'marts/finance', 'reports', 'reports/adhoc'];
const MATERIALIZATIONS = ['view', 'table', 'ephemeral', 'incremental'] as const;

const anyModel = (random: Random, state: ProjectState) => (state.models.length ? random.pick(state.models) : null);
const childrenOf = (state: ProjectState, name: string) => state.models.filter((m) => m.parents.includes(name));

/** Drops `name` from the models reading it (a pragma model left with no parent reads a source instead). */
function forget(state: ProjectState, name: string): void {
  for (const child of childrenOf(state, name)) {
    child.parents = child.parents.filter((p) => p !== name);
    if (child.parents.length === 0) {
      child.source ??= state.sourceTables[0];
      if (child.style === 'pragma') child.style = 'fast';
    }
  }
  delete state.properties[name];
}

const edits: Record<string, Edit> = {
  body(random, state) {
    const model = anyModel(random, state);
    if (!model) return null;
    model.body++;
    return `body of ${model.name}`;
  },
  comment(random, state) {
    const model = anyModel(random, state);
    if (!model) return null;
    model.comment++;
    return `comment of ${model.name}`;
  },
  add(random, state) {
    const model = newModel(random, state, random.pick(FOLDERS));
    state.models.push(model);
    return `add ${model.name}`;
  },
  remove(random, state) {
    const model = anyModel(random, state);
    if (!model || state.models.length < 5) return null;
    state.models = state.models.filter((m) => m !== model);
    forget(state, model.name);
    return `remove ${model.name}`;
  },
  rename(random, state) {
    const model = anyModel(random, state);
    if (!model) return null;
    const old = model.name;
    model.name = `${old.replace(/_v\d+$/, '')}_v${state.counter++}`;
    for (const child of childrenOf(state, old)) child.parents = child.parents.map((p) => (p === old ? model.name : p));
    if (state.properties[old]) {
      state.properties[model.name] = state.properties[old];
      delete state.properties[old];
    }
    return `rename ${old} to ${model.name}`;
  },
  move(random, state) {
    const model = anyModel(random, state);
    if (!model) return null;
    const to = random.pick(FOLDERS.filter((f) => f !== model.folder));
    const from = model.folder;
    model.folder = to;
    return `move ${model.name} from ${from} to ${to}`;
  },
  renameFolder(random, state) {
    const from = random.pick(FOLDERS);
    const to = `${from}_${state.counter++}`;
    const moved = state.models.filter((m) => m.folder === from);
    if (moved.length === 0) return null;
    for (const model of moved) model.folder = to;
    // Its folder config goes with it (a config of a folder gone is an error when a folder of a similar name is there).
    if (state.folders[from]) {
      state.folders[to] = state.folders[from];
      delete state.folders[from];
    }
    return `folder ${from} renamed ${to}`;
  },
  macro(random, state) {
    const which = random.pick(['moneyDigits', 'innerAdd', 'unused', 'extra', 'naming'] as const);
    if (which === 'extra') state.macros.extra = !state.macros.extra;
    else state.macros[which]++;
    return `macro ${which}`;
  },
  vars(random, state) {
    const name = random.pick(['rate', 'region', 'flag', 'limit_n', 'label', 'team', 'finance_schema']);
    const values: Record<string, unknown[]> = {
      rate: [1, 2, 3],
      region: ['eu', 'us'],
      flag: [true, false],
      limit_n: [10, 20],
      label: ["{{ var('region') }}_label", 'plain_label', "{{ var('team', 'x') }}_{{ var('region') }}"],
      team: ['data', 'ops'],
      finance_schema: ['finance', 'fin'],
    };
    if (Object.hasOwn(state.vars, name) && random.chance(0.25)) {
      delete state.vars[name];
      return `var ${name} removed`;
    }
    state.vars[name] = random.pick(values[name].filter((v) => v !== state.vars[name]));
    return `var ${name} = ${JSON.stringify(state.vars[name])}`;
  },
  folderConfig(random, state) {
    const folder = random.pick(Object.keys(state.folders));
    const config = state.folders[folder];
    const which = random.pick(['materialized', 'tags', 'schemaVar', 'ownerMacro'] as const);
    if (which === 'materialized') config.materialized = random.chance(0.3) ? undefined : random.pick(MATERIALIZATIONS);
    else if (which === 'tags') config.tags = random.chance(0.3) ? undefined : [random.pick(['x', 'y', 'z'])];
    else if (which === 'schemaVar') config.schemaVar = !config.schemaVar;
    else config.ownerMacro = !config.ownerMacro;
    return `folder config ${folder} ${which}`;
  },
  properties(random, state) {
    const model = anyModel(random, state);
    if (!model) return null;
    if (state.properties[model.name] && random.chance(0.3)) {
      delete state.properties[model.name];
      return `properties of ${model.name} removed`;
    }
    state.properties[model.name] = randomProperties(random);
    return `properties of ${model.name}`;
  },
  sources(random, state) {
    if (random.chance(0.5)) {
      state.sourceDescription++;
      return 'source description';
    }
    if (state.sourceTables.includes('refunds')) {
      if (state.models.some((m) => m.source === 'refunds')) return null;
      state.sourceTables = state.sourceTables.filter((t) => t !== 'refunds');
      return 'source table refunds removed';
    }
    state.sourceTables.push('refunds');
    return 'source table refunds added';
  },
  seed(random, state) {
    if (state.seed === 'absent') {
      state.seed = 1;
      return 'seed added';
    }
    if (random.chance(0.6)) {
      state.seed += 1 + random.int(3);
      return `seed data ${state.seed}`;
    }
    state.seed = 'absent';
    for (const model of state.models) model.readsSeed = false;
    const named = state.models.find((m) => m.name === 'countries');
    if (named) named.name = `countries_v${state.counter++}`;
    for (const child of state.models) child.parents = child.parents.map((p) => (p === 'countries' && named ? named.name : p));
    return 'seed removed';
  },
  seedTypes(_random, state) {
    if (state.seed === 'absent') return null;
    state.seedTypes = !state.seedTypes;
    return `seed column types ${state.seedTypes}`;
  },
  rawSeed(random, state) {
    state.rawSeed = state.rawSeed === undefined || random.chance(0.7) ? (state.rawSeed ?? 0) + 1 : undefined;
    return `source seed ${state.rawSeed ?? 'removed'}`;
  },
  readSeed(random, state) {
    const model = anyModel(random, state);
    if (!model || model.style === 'pragma' || state.seed === 'absent') return null;
    model.readsSeed = !model.readsSeed;
    return `${model.name} reads the seed ${model.readsSeed}`;
  },
  materialized(random, state) {
    const model = anyModel(random, state);
    if (!model) return null;
    model.materialized = random.chance(0.2) ? undefined : random.pick(MATERIALIZATIONS);
    return `${model.name} materialized ${model.materialized ?? '(folder)'}`;
  },
  style(random, state) {
    const model = anyModel(random, state);
    if (!model) return null;
    const styles = model.parents.length > 0 ? ['fast', 'jinja', 'pragma'] as const : ['fast', 'jinja'] as const;
    model.style = random.pick(styles.filter((s) => s !== model.style));
    if (model.style === 'jinja') {
      model.macro = random.pick(['money', 'outer_x', undefined] as const);
      model.readsEnv = random.chance(0.3);
      model.readsTarget = random.chance(0.3);
    }
    if (model.style === 'pragma') model.readsSeed = false;
    return `${model.name} now ${model.style}`;
  },
  readVar(random, state) {
    const model = anyModel(random, state);
    if (!model) return null;
    model.readsVar = model.readsVar && random.chance(0.4)
      ? undefined
      : { name: random.pick(['rate', 'region', 'flag', 'limit_n', 'label', 'team', 'finance_schema']), withDefault: random.chance(0.6) };
    return `${model.name} reads var ${model.readsVar?.name ?? '(none)'}`;
  },
  parents(random, state) {
    const model = anyModel(random, state);
    if (!model) return null;
    const index = state.models.indexOf(model);
    const earlier = state.models.slice(0, index).map((m) => m.name);
    if (earlier.length === 0) return null;
    const parent = random.pick(earlier);
    if (!model.parents.includes(parent)) model.parents.push(parent);
    return `${model.name} also reads ${parent}`;
  },
  enabled(random, state) {
    const model = anyModel(random, state);
    if (!model) return null;
    model.disabled = !model.disabled;
    return `${model.name} ${model.disabled ? 'disabled' : 'enabled'}`;
  },
  alias(random, state) {
    const model = anyModel(random, state);
    if (!model) return null;
    model.alias = !model.alias;
    return `${model.name} alias ${model.alias}`;
  },
  tested(random, state) {
    const model = anyModel(random, state);
    if (!model) return null;
    model.tested = !model.tested;
    return `${model.name} tested ${model.tested}`;
  },
  docs(_random, state) {
    state.docs++;
    return 'docs block';
  },
  targetBlock(random, state) {
    const model = anyModel(random, state);
    if (!model || model.style !== 'pragma') return null;
    model.targetBlock = !model.targetBlock;
    return `${model.name} target block ${model.targetBlock}`;
  },
  latePragma(random, state) {
    const model = anyModel(random, state);
    if (!model || model.style === 'pragma') return null;
    model.latePragma = !model.latePragma;
    return `${model.name} late pragma ${model.latePragma}`;
  },
  seedNamedModel(random, state) {
    if (state.seed === 'absent' || state.models.some((m) => m.name === 'countries')) return null;
    const model = newModel(random, state, random.pick(FOLDERS));
    model.name = 'countries';
    state.models.push(model);
    return 'add a model of the seed\'s name';
  },
  breakRef(random, state) {
    const model = anyModel(random, state);
    if (!model) return null;
    model.broken = true;
    return `${model.name} broken`;
  },
  badYaml(_random, state) {
    state.badYaml = true;
    return 'bad yaml';
  },
};

const WEIGHTS: Record<string, number> = {
  body: 6, comment: 4, add: 3, remove: 2, rename: 2, move: 2, renameFolder: 1, macro: 3, vars: 4, folderConfig: 1,
  properties: 2, sources: 1, seed: 3, seedTypes: 1, rawSeed: 1, readSeed: 1, materialized: 3, style: 2, readVar: 3, parents: 2, breakRef: 1, badYaml: 1,
  enabled: 1, alias: 1, tested: 1, docs: 1, targetBlock: 1, latePragma: 1, seedNamedModel: 1,
};

/**
 * Undoes the errors of the previous step: broken refs and bad YAML go, vars read without a default exist, and a
 * seed read (and one given column types) exists.
 */
export function repair(state: ProjectState): void {
  state.badYaml = false;
  for (const model of state.models) {
    model.broken = false;
    // A disabled model stays so only while nothing reads it.
    if (model.disabled && state.models.some((m) => m.parents.includes(model.name))) model.disabled = false;
    if (model.readsVar && !model.readsVar.withDefault && !Object.hasOwn(state.vars, model.readsVar.name)) model.readsVar.withDefault = true;
    if (state.seed === 'absent') model.readsSeed = false;
    if (model.style === 'pragma') model.latePragma = false;
  }
  // Configs of folders left without models go (an error when a folder of a similar name is there, a typo).
  for (const folder of Object.keys(state.folders)) {
    if (!state.models.some((m) => m.folder === folder || m.folder.startsWith(`${folder}/`))) delete state.folders[folder];
  }
  // Column types of a seed gone go with it.
  if (state.seed === 'absent') state.seedTypes = false;
  // Vars that read `region` need it.
  if (!Object.hasOwn(state.vars, 'region')) state.vars.region = 'eu';
}

/** One to three random edits; their descriptions. */
export function randomEdits(random: Random, state: ProjectState): string[] {
  const names = Object.keys(WEIGHTS).flatMap((name) => Array<string>(WEIGHTS[name]).fill(name));
  const done: string[] = [];
  const count = 1 + random.int(3);
  for (let i = 0; i < count; i++) {
    const what = edits[random.pick(names)](random, state);
    if (what) done.push(what);
  }
  return done;
}

