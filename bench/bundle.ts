/**
 * The Lambda bundle against a plain esbuild bundle of the same entry at default settings, in one run: size, the time
 * to load it in a fresh Node process (median of alternating runs), and peak memory (max RSS) after loading.
 */
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');
const RUNS = 15;

interface LoadSample {
  ms: number;
  maxRssMiB: number;
}

function loadOnce(bundlePath: string): LoadSample {
  const script = `const t=process.hrtime.bigint();require(${JSON.stringify(bundlePath)});const ms=Number(process.hrtime.bigint()-t)/1e6;` +
    `process.stdout.write(JSON.stringify({ms,maxRssMiB:process.resourceUsage().maxRSS/1024}))`;
  const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } });
  if (result.status !== 0) throw new Error(`loading ${bundlePath} failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as LoadSample;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

export async function benchBundle(): Promise<{ lines: string[]; figures: Record<string, number> }> {
  const ours = join(ROOT, 'dist', 'index.js');
  const plain = join(mkdtempSync(join(tmpdir(), 'vpce-plain-')), 'index.js');
  await build({ entryPoints: [join(ROOT, 'handler', 'index.ts')], bundle: true, platform: 'node', outfile: plain, logLevel: 'error' });

  const samples: Record<'ours' | 'plain', LoadSample[]> = { ours: [], plain: [] };
  for (let run = 0; run < RUNS; run++) {
    samples.ours.push(loadOnce(ours));
    samples.plain.push(loadOnce(plain));
  }
  const summary = (name: 'ours' | 'plain', path: string) => ({
    sizeKiB: statSync(path).size / 1024,
    loadMs: median(samples[name].map((sample) => sample.ms)),
    maxRssMiB: Math.max(...samples[name].map((sample) => sample.maxRssMiB)),
  });
  const a = summary('ours', ours);
  const b = summary('plain', plain);
  const row = (label: string, s: typeof a) =>
    `  ${label.padEnd(34)} ${s.sizeKiB.toFixed(0).padStart(6)} KiB  load ${s.loadMs.toFixed(1).padStart(6)} ms  peak RSS ${s.maxRssMiB.toFixed(1)} MiB`;
  return {
    figures: { bundleKiB: a.sizeKiB, plainKiB: b.sizeKiB, loadMs: a.loadMs, plainLoadMs: b.loadMs, loadRatio: a.loadMs / b.loadMs, peakRssMiB: a.maxRssMiB },
    lines: [
      `Bundle (median load of ${RUNS} fresh Node processes each, alternating):`,
      row('dist/index.js (npm run build)', a),
      row('plain esbuild, default settings', b),
      `  load time ratio ${(a.loadMs / b.loadMs).toFixed(2)} (target: at most 0.5); peak RSS ${a.maxRssMiB.toFixed(1)} MiB (target: under 80 MiB)`,
    ],
  };
}

if (require.main === module) {
  benchBundle().then(({ lines }) => console.log(lines.join('\n')));
}
