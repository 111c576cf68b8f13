/**
 * `npm run sim [-- --port N] [--host ADDRESS] [--log-requests]`: the EC2 simulator over HTTP with the demo world, until stopped.
 * All the work is in tests/support/ec2-sim/http/demo-server.ts; this file only wires the terminal and the process:
 * it stops on SIGINT, SIGTERM or SIGHUP, and on its own when its parent goes away, so that however it was started
 * (npm run, tsx, a supervisor) no orphaned process keeps the port.
 */
import { describeDemo, planCommandFor, startDemoSimulator, type DemoSimulator } from '../tests/support/ec2-sim/http/demo-server';
import { formatRequestLogEntry, type RequestLogEntry } from '../tests/support/ec2-sim/http/server';
import { parseSimArgs, SIM_USAGE } from '../tests/support/ec2-sim/http/sim-cli-args';

/** How often to check that the parent process is still there. */
const PARENT_CHECK_MS = 500;
/** A stop that takes longer than this (a connection that will not close) ends the process anyway. */
const STOP_GRACE_MS = 2_000;

async function main(): Promise<void> {
  // The parent is recorded before anything is printed: whoever started this process may kill it the moment the banner
  // appears, and a parent killed before it was recorded would be recorded as init and never missed (issue 22, item 12).
  const parent = process.ppid;
  let args;
  try {
    args = parseSimArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`npm run sim: ${(error as Error).message}\n${SIM_USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (args.help) {
    console.log(SIM_USAGE);
    return;
  }
  const host = args.host ?? '127.0.0.1';
  let demo: DemoSimulator;
  try {
    demo = await startDemoSimulator({
      ...(args.port === undefined ? {} : { port: args.port }),
      host,
      onPut: printAnswer,
      ...(args.logRequests ? { onRequest: (entry: RequestLogEntry) => console.log(formatRequestLogEntry(entry, new Date())) } : {}),
    });
  } catch (error) {
    const listenProblem = describeListenError(error, host, args.port);
    if (listenProblem === undefined) throw error;
    console.error(`npm run sim: ${listenProblem}`);
    process.exitCode = 1;
    return;
  }
  console.log(describeDemo(demo));
  if (host !== '127.0.0.1' && host !== 'localhost' && host !== '::1') {
    const fromContainers = `http://host.docker.internal:${demo.server.port}`;
    console.log(`\nListening beyond loopback: from a container (sam local invoke), use ${fromContainers}:`);
    console.log(`  echo '{"ProviderFunction": {"AWS_ENDPOINT_URL": "${fromContainers}"}}' > local-env.json`);
    console.log('  sam local invoke ProviderFunction -e events/create.json --env-vars local-env.json');
  }
  const loopbackUrl = `http://127.0.0.1:${demo.server.port}`;
  console.log(`\nRun the bundled handler on an event against it:\n  npm run invoke -- events/create.json --endpoint-url ${loopbackUrl}`);
  // Last, so that it is the line left on the screen.
  console.log(`\nPreview a Create in the demo VPC (from this checkout):\n  ${planCommandFor(demo)}`);

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => process.exit(0), STOP_GRACE_MS).unref();
    void demo.close().finally(() => process.exit(0));
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, stop);
  // A parent killed outright (SIGKILL) passes nothing on; this process then outlives it, and notices: it is adopted by
  // init or a subreaper, so process.ppid (read afresh each time) changes. Signal 0 alone is not enough: a killed parent
  // nobody reaps stays a zombie, and signal 0 still finds it. The first look is at once: the parent may be gone already.
  const watchParent = (): void => {
    if (process.ppid !== parent || !isAlive(parent)) stop();
  };
  watchParent();
  setInterval(watchParent, PARENT_CHECK_MS).unref();
}

/**
 * A custom resource's answer PUT here (an event's ResponseURL pointing at the simulator, as events/*.json do for
 * sam local invoke): what CloudFormation would have received.
 */
function printAnswer({ path, body }: { path: string; body: string }): void {
  let answer: { Status?: unknown; Reason?: unknown; PhysicalResourceId?: unknown; Data?: Record<string, unknown> };
  try {
    answer = JSON.parse(body) as typeof answer;
  } catch {
    console.log(`\nPUT ${path}: not JSON (${body.length} bytes)`);
    return;
  }
  const lines = [`\nCloudFormation answer on ${path}: ${String(answer.Status)}${typeof answer.Reason === 'string' && answer.Reason ? ` — ${answer.Reason}` : ''}`];
  lines.push(`  PhysicalResourceId: ${String(answer.PhysicalResourceId)}`);
  for (const [key, value] of Object.entries(answer.Data ?? {})) lines.push(`  ${key}: ${String(value)}`);
  console.log(lines.join('\n'));
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else, which a re-used PID could; only ESRCH says it is gone.
    return (error as { code?: unknown }).code !== 'ESRCH';
  }
}

/** One line for the listen errors a user causes (busy port, unknown address, a port that needs root); else undefined. */
function describeListenError(error: unknown, host: string, port: number | undefined): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (code === 'EADDRINUSE') return `port ${port} on ${host} is in use (another simulator?); choose another with --port N, or --port 0 for a free one.`;
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `cannot listen on ${host}: no such address on this machine (try 127.0.0.1 or 0.0.0.0).`;
  if (code === 'EACCES') return `not allowed to listen on port ${port} (ports below 1024 need privileges); choose a port from 1024 up.`;
  return undefined;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
