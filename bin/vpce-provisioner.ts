/**
 * The `vpce-provisioner` executable (dist/cli.js once built): runs the command line and sets the exit code.
 * Everything else lives beside it: ./plan-command.ts (the command), ./arguments.ts, ./usage.ts, ./output.ts and
 * ./dependencies.ts (the SDK clients).
 */
import { describeError } from '../lib/ec2/errors';
import { runCli } from './plan-command';

if (require.main === module) {
  runCli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`vpce-provisioner: unexpected error: ${describeError(error)}\n`);
      process.exitCode = 1;
    },
  );
}
