/**
 * `npm run sim [-- --port N]`: the EC2 simulator over HTTP with the demo world, until Ctrl-C.
 * All the work is in tests/support/ec2-sim/http/demo-server.ts; this file only wires the terminal.
 */
import { describeDemo, startDemoSimulator } from '../tests/support/ec2-sim/http/demo-server';
import { parseSimArgs, SIM_USAGE } from '../tests/support/ec2-sim/http/sim-cli-args';

async function main(): Promise<void> {
  let args;
  try {
    args = parseSimArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`${(error as Error).message}\n${SIM_USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (args.help) {
    console.log(SIM_USAGE);
    return;
  }
  const demo = await startDemoSimulator({ port: args.port });
  console.log(describeDemo(demo));
  const stop = (): void => {
    void demo.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
