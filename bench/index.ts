/**
 * `npm run bench`: the allocator, a full reconciliation against the simulator, and the bundle. Speed is shown here,
 * never asserted by timed tests.
 */
import { benchBundle } from './bundle';
import { benchCidr } from './cidr';
import { benchDeadlines } from './deadlines';
import { benchHub } from './hub';
import { benchReconcile } from './reconcile';

process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';

async function main(): Promise<void> {
  for (const [title, bench] of [
    ['CIDR allocator', benchCidr],
    ['Reconciliation (EC2 simulator, virtual clock)', benchReconcile],
    ['Short function timeouts (EC2 simulator, virtual clock)', benchDeadlines],
    ['Hub Create, Route 53 throttling modes (simulator, virtual clock)', benchHub],
    ['Lambda bundle', benchBundle],
  ] as const) {
    console.log(`## ${title}`);
    const { lines } = await bench();
    console.log(`${lines.join('\n')}\n`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
