/**
 * `npm run bench [-- <name>…]`: the allocator, a full reconciliation against the simulator, short timeouts, the hub,
 * consumers arriving at once, and the bundle (or only the benches named). Speed is shown here, never asserted by timed
 * tests.
 *
 * The benches run bundled by esbuild, as CommonJS, the way Lambda runs the provider: under tsx an `await import()` goes
 * through Node's ESM loader and answers on a later turn of the event loop, even for a module already loaded, and the
 * virtual clock moves on whenever the process waits for something real, so the round trips moved from run to run (a
 * Route 53 read going out a round late). In the bundle, as in Lambda, importing a loaded module takes a few microtasks.
 */
import { build, type Plugin } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { benchBundle } from './bundle';
import { benchCidr } from './cidr';
import { benchConsumers } from './consumers';
import { benchDeadlines } from './deadlines';
import { benchHub } from './hub';
import { benchReconcile } from './reconcile';

process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';

/** Set in the bundled run's environment. */
const BUNDLED = 'VPCE_BENCH_BUNDLED';

/** Each source file's own `__dirname`, not the bundle's: the benches and the simulator find files beside them. */
const ownDirname: Plugin = {
  name: 'own-dirname',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /\.ts$/ }, async (args) => ({
      contents: (await readFile(args.path, 'utf8')).replace(/\b__dirname\b/g, JSON.stringify(dirname(args.path))),
      loader: 'ts',
    }));
  },
};

/** Bundles this file (packages stay outside, resolved from node_modules) and runs the bundle; returns its exit status. */
async function runBundled(): Promise<number> {
  const outfile = join(__dirname, '.bench.bundled.js');
  try {
    // `require.main` undefined: the benches' own entry blocks (`require.main === module`) stay quiet inside the bundle.
    await build({ entryPoints: [__filename], outfile, bundle: true, platform: 'node', format: 'cjs', packages: 'external', define: { 'require.main': 'undefined' }, plugins: [ownDirname], logLevel: 'warning' });
    return spawnSync(process.execPath, [outfile, ...process.argv.slice(2)], { stdio: 'inherit', env: { ...process.env, [BUNDLED]: '1' } }).status ?? 1;
  } finally {
    await rm(outfile, { force: true });
  }
}

async function main(): Promise<void> {
  if (process.env[BUNDLED] === undefined) {
    process.exitCode = await runBundled();
    return;
  }
  const benches = [
    ['cidr', 'CIDR allocator', benchCidr],
    ['reconcile', 'Reconciliation (EC2 simulator, virtual clock)', benchReconcile],
    ['deadlines', 'Short function timeouts (EC2 simulator, virtual clock)', benchDeadlines],
    ['hub', 'Hub Create, Route 53 throttling modes (simulator, virtual clock)', benchHub],
    ['consumers', 'Consumers arriving at once (simulator, virtual clock)', benchConsumers],
    ['bundle', 'Lambda bundle', benchBundle],
  ] as const;
  // `npm run bench -- hub consumers`: only the benches named; none named, all of them.
  const chosen = process.argv.slice(2);
  const unknown = chosen.filter((name) => !benches.some(([key]) => key === name));
  if (unknown.length > 0) throw new Error(`No bench named ${unknown.join(', ')}; the benches are ${benches.map(([key]) => key).join(', ')}.`);
  for (const [, title, bench] of benches.filter(([key]) => chosen.length === 0 || chosen.includes(key))) {
    console.log(`## ${title}`);
    const { lines } = await bench();
    console.log(`${lines.join('\n')}\n`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
