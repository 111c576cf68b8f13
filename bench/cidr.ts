/**
 * Benchmark of the endpoint-block allocator: the realistic case (5 VPC blocks, 200 subnets, 6 AZs) and the growth
 * from 10 to 10,000 existing subnets against n log n.
 *
 * Timings include parsing the CIDR text, since callers hand the allocator text. Layouts come from a seeded generator,
 * so every run measures the same inputs. Run alone with `npx tsx bench/cidr.ts`.
 */
import { carveEndpointBlocks, type CarveRequest } from '../lib/cidr';

const VPC_BLOCKS = ['10.0.0.0/16', '10.1.0.0/16', '10.2.0.0/16', '100.64.0.0/16', '172.16.0.0/16'];
const AZ_IDS = ['use1-az1', 'use1-az2', 'use1-az3', 'use1-az4', 'use1-az5', 'use1-az6'];
const SCALING_SIZES = [10, 100, 1_000, 10_000];
/** Each timed sample runs long enough that the clock's resolution does not matter. */
const MIN_SAMPLE_NS = 200_000;

/** Deterministic PRNG (mulberry32): the same layouts on every run. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * `count` subnets in distinct aligned cells of /`cellPrefix` spread over the five /16 VPC blocks, each subnet a random
 * size from the whole cell down to a /28, at the cell's start: a fragmented VPC with many gaps of varied sizes.
 */
function layout(count: number, cellPrefix: number, seed: number): CarveRequest {
  const random = seededRandom(seed);
  const cellsPerBlock = 2 ** (cellPrefix - 16);
  const cells = Array.from({ length: VPC_BLOCKS.length * cellsPerBlock }, (_, index) => index);
  if (count > cells.length) throw new RangeError(`${count} subnets do not fit in ${cells.length} /${cellPrefix} cells`);
  // Partial Fisher–Yates: the first `count` entries become a uniform random choice of distinct cells.
  for (let index = 0; index < count; index++) {
    const pick = index + Math.floor(random() * (cells.length - index));
    [cells[index], cells[pick]] = [cells[pick] as number, cells[index] as number];
  }
  const existingSubnets = cells.slice(0, count).map((cell) => {
    const [a, b] = (VPC_BLOCKS[Math.floor(cell / cellsPerBlock)] as string).split('.').map(Number) as [number, number];
    const offset = (cell % cellsPerBlock) * 2 ** (32 - cellPrefix);
    const prefix = cellPrefix + Math.floor(random() * (28 - cellPrefix + 1));
    return `${a}.${b}.${Math.floor(offset / 256)}.${offset % 256}/${prefix}`;
  });
  return { vpcBlocks: VPC_BLOCKS, existingSubnets, prefixLength: 28, azIds: AZ_IDS };
}

/** Median nanoseconds per call, over `samples` timed batches after a warm-up. */
function medianNanoseconds(run: () => unknown, samples: number): number {
  let sink = 0;
  const once = (): number => {
    const start = process.hrtime.bigint();
    sink += Number(Boolean(run()));
    return Number(process.hrtime.bigint() - start);
  };
  // Warm-up: let the JIT compile the hot paths before anything is recorded.
  const warmUntil = process.hrtime.bigint() + 50_000_000n;
  let single = once();
  while (process.hrtime.bigint() < warmUntil) single = Math.min(single, once());
  const batch = Math.max(1, Math.ceil(MIN_SAMPLE_NS / Math.max(single, 1)));
  const perCall: number[] = [];
  for (let sample = 0; sample < samples; sample++) {
    const start = process.hrtime.bigint();
    for (let call = 0; call < batch; call++) sink += Number(Boolean(run()));
    perCall.push(Number(process.hrtime.bigint() - start) / batch);
  }
  if (sink < 0) throw new Error('unreachable: keeps the results alive');
  perCall.sort((a, b) => a - b);
  return perCall[Math.floor(perCall.length / 2)] as number;
}

const nLogN = (n: number): number => n * Math.log2(n);
const milliseconds = (ns: number): string => `${(ns / 1e6).toFixed(4)} ms`;

/** Runs the allocator benchmark; `lines` are for people, `figures` for tooling (times in milliseconds). */
export async function benchCidr(): Promise<{ lines: string[]; figures: Record<string, number> }> {
  const figures: Record<string, number> = {};
  const lines: string[] = [];

  const realistic = layout(200, 24, 1);
  const realisticNs = medianNanoseconds(() => carveEndpointBlocks(realistic), 101);
  figures['cidr.carve.5blocks_200subnets_6azs.median_ms'] = realisticNs / 1e6;
  lines.push(`cidr: carve 6 AZs in 5 VPC blocks with 200 subnets: median ${milliseconds(realisticNs)} (target < 1 ms)`);

  const timings = SCALING_SIZES.map((count) => {
    const request = layout(count, 28, count);
    return { count, ns: medianNanoseconds(() => carveEndpointBlocks(request), count >= 10_000 ? 21 : 51) };
  });
  for (const { count, ns } of timings) {
    const perNLogN = ns / nLogN(count);
    figures[`cidr.carve.subnets_${count}.median_ms`] = ns / 1e6;
    figures[`cidr.carve.subnets_${count}.ns_per_nlogn`] = perNLogN;
    lines.push(`cidr: ${String(count).padStart(6)} subnets: median ${milliseconds(ns)}, ${perNLogN.toFixed(1)} ns per n·log2(n)`);
  }
  const smallest = timings[0] as { count: number; ns: number };
  const largest = timings[timings.length - 1] as { count: number; ns: number };
  const growth = largest.ns / smallest.ns / (nLogN(largest.count) / nLogN(smallest.count));
  figures['cidr.carve.growth_vs_nlogn'] = growth;
  lines.push(
    `cidr: growth ${smallest.count}→${largest.count} subnets is ${growth.toFixed(3)}× that of n·log2(n) (≤ 1 means no worse than n log n)`,
  );
  return { lines, figures };
}

if (require.main === module) {
  benchCidr().then(
    ({ lines }) => console.log(lines.join('\n')),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
