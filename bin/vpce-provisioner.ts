/**
 * The `vpce-provisioner` executable (dist/cli.js once built): runs the command line and sets the exit code.
 * Everything else lives beside it: ./plan-command.ts (the command), ./arguments.ts, ./usage.ts, ./output.ts and
 * ./dependencies.ts (the SDK clients).
 */
import { describeError } from '../lib/ec2/errors';
import { runCli } from './plan-command';

if (require.main === module) {
  // The SDK warns, on the first client it makes, that its releases after early 2027 need Node 22. The CLI pins its SDK
  // and supports Node 20+ (see README), so the warning is noise on a user's terminal; setting it to anything other
  // than "true" shows it again. The SDK reads this when a client is built, i.e. after this line.
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
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
