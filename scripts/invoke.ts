/**
 * `npm run invoke -- EVENT.json [--endpoint-url URL] [--request-id ID] [--logs]`: runs the bundled handler
 * (dist/index.js, built by the npm script) once on a CloudFormation event with a fresh RequestId, receives its answer
 * locally and prints it with the AWS calls made, per service. Exit codes: 0 SUCCESS, 1 FAILED or no answer, 2 usage
 * error. The work is in tests/support/local-invoke.ts.
 */
import { readFileSync } from 'node:fs';
import type { CustomResourceEvent } from '../lib/protocol/event';
import { formatInvokeReport, INVOKE_USAGE, invokeExitCode, parseEventText, parseInvokeArgs, runLocalInvoke } from '../tests/support/local-invoke';

async function main(): Promise<number> {
  let args;
  let event: CustomResourceEvent;
  try {
    args = parseInvokeArgs(process.argv.slice(2));
    if (args.help) {
      console.log(INVOKE_USAGE);
      return 0;
    }
    const file = args.eventFile ?? '';
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new Error(`cannot read ${file}: ${(error as Error).message}`);
    }
    event = parseEventText(text, file);
  } catch (error) {
    console.error(`invoke: ${(error as Error).message}\nRun 'npm run invoke -- --help' for usage.`);
    return 2;
  }
  const report = await runLocalInvoke(event, {
    ...(args.endpointUrl === undefined ? {} : { endpointUrl: args.endpointUrl }),
    ...(args.requestId === undefined ? {} : { requestId: args.requestId }),
  });
  process.stdout.write(formatInvokeReport(event, report, { logs: args.logs }));
  return invokeExitCode(report);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
