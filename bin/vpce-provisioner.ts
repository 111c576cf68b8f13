/**
 * The `vpce-provisioner` executable (dist/cli.js once built): runs the command line and sets the exit code.
 * Everything else lives beside it: ./plan-command.ts (the command), ./arguments.ts, ./usage.ts, ./output.ts and
 * ./dependencies.ts (the SDK clients).
 */
import { defaultCliDependencies } from './dependencies';
import { EXIT_CODES } from './exit-codes';
import { writeFailure } from './output';
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
      // A bug, not AWS: said as such, and with --json still inside the one document.
      const name = error instanceof Error ? error.name : 'Error';
      const message = error instanceof Error ? error.message : String(error);
      const hint = 'This is a bug of vpce-provisioner: please report it with the command line.';
      writeFailure(defaultCliDependencies, { json: process.argv.includes('--json'), exitCode: EXIT_CODES.couldNotPreview, error: { kind: 'internal', name, message, hint } });
      process.exitCode = EXIT_CODES.couldNotPreview;
    },
  );
}
