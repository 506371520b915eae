// A state store client in its own process, driven over stdio by the concurrency tests.
// argv[2]: a state URL. Reads one JSON request per line ({id, op, args}); writes one JSON reply per line.
// Ops: any StateStore method (`args` is its argument list), and `deploy`: take the environment's lock
// (waiting up to `waitMs`), move the pointer fenced by the token, hold for `holdMs`, release.
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { openStateStore, parseStateUrl } from '../../core/state/open-state-store.js';
import { environmentLockName, type StateStore } from '../../core/state/state-store.js';
import type { Lease } from '../../core/state/state-types.js';

export interface DeployArgs {
  repo: string;
  environment: string;
  owner: string;
  expected: string;
  to: string;
  ttlMs: number;
  holdMs: number;
  waitMs: number;
}

async function acquire(store: StateStore, args: DeployArgs): Promise<Lease> {
  const deadline = Date.now() + args.waitMs;
  for (;;) {
    try {
      return await store.acquireLock(args.repo, environmentLockName(args.environment), args.owner, args.ttlMs);
    } catch (error) {
      if ((error as { code?: string }).code !== 'lock-held' || Date.now() >= deadline) throw error;
      await sleep(20);
    }
  }
}

async function deploy(store: StateStore, args: DeployArgs): Promise<unknown> {
  const lease = await acquire(store, args);
  try {
    const move = await store.moveEnvironment(args.repo, args.environment, {
      to: args.to, expected: args.expected, actor: args.owner, reason: 'deploy', fence: { lock: lease.name, token: lease.token },
    });
    await sleep(args.holdMs);
    return { token: lease.token, move };
  } finally {
    await store.releaseLock(args.repo, lease.name, lease.token);
  }
}

async function main(): Promise<void> {
  const store = await openStateStore(parseStateUrl(process.argv[2]));
  const reply = (message: object) => process.stdout.write(`${JSON.stringify(message)}\n`);
  reply({ ready: process.pid });
  const pending: Promise<void>[] = [];
  for await (const line of createInterface({ input: process.stdin })) {
    const { id, op, args } = JSON.parse(line) as { id: number; op: string; args: unknown[] };
    pending.push((async () => {
      try {
        const value = op === 'deploy'
          ? await deploy(store, args[0] as DeployArgs)
          : await (store as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[op](...args);
        reply({ id, ok: true, value: value ?? null });
      } catch (error) {
        const e = error as Error & { code?: string };
        reply({ id, ok: false, code: e.code ?? 'internal', message: e.message });
      }
    })());
  }
  await Promise.all(pending);
  await store.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
