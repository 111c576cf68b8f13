/**
 * `npm run invoke -- EVENT.json [--endpoint-url URL] [--request-id ID] [--logs]`: the bundled handler (dist/index.js)
 * run once on a CloudFormation-shaped event, its PUT received on a local stand-in for CloudFormation, and a report of the
 * answer and of the AWS calls per service. The terminal wiring is scripts/invoke.ts; the handler runs through
 * bundle-runner.ts, as in the demo.
 */
import { randomUUID } from 'node:crypto';
import type { CustomResourceEvent } from '../../lib/protocol/event';
import { isRequestMetricsRecord, type AwsServiceName } from '../../lib/protocol/metrics';
import { invokeBundle, type BundleRun } from './bundle-runner';
import { formatCallsByService, serviceCallsOf, type ServiceCall } from './calls-by-service';
import { CloudFormationDriver, type RecordedResponse } from './cfn-driver';
import { startDemoSimulator } from './ec2-sim/http/demo-server';

export const INVOKE_USAGE = `usage: npm run invoke -- EVENT.json [--endpoint-url URL] [--request-id ID] [--logs]
  EVENT.json         a CloudFormation custom-resource event (events/create.json, update.json, delete.json);
                     its ResponseURL is replaced by a local one that receives the answer
  --endpoint-url URL send the handler's AWS calls there, e.g. npm run sim's URL (default: a fresh EC2 simulator
                     with the demo world)
  --request-id ID    the event's RequestId (default: a fresh one each run, as CloudFormation sends each request once);
                     give the ID of an earlier run to replay that request, as a repeated delivery would
  --logs             print the handler's log lines (JSON, as CloudWatch Logs would hold them) before the report`;

/** What the command line asked for. */
export interface InvokeArgs {
  readonly eventFile?: string;
  readonly endpointUrl?: string;
  readonly requestId?: string;
  readonly logs: boolean;
  readonly help: boolean;
}

/**
 * Parses `process.argv.slice(2)`; throws an Error with a readable message on anything it does not know.
 *
 * @example
 * parseInvokeArgs(['events/create.json', '--endpoint-url', 'http://127.0.0.1:4566'])
 * // { eventFile: 'events/create.json', endpointUrl: 'http://127.0.0.1:4566', help: false }
 */
export function parseInvokeArgs(argv: readonly string[]): InvokeArgs {
  let eventFile: string | undefined;
  let endpointUrl: string | undefined;
  let requestId: string | undefined;
  let logs = false;
  let help = false;
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index] ?? '';
    if (arg === '--help' || arg === '-h') help = true;
    else if (arg === '--logs') logs = true;
    else if (arg === '--request-id' || arg.startsWith('--request-id=')) {
      const value = arg === '--request-id' ? argv[++index] : arg.slice('--request-id='.length);
      // CloudFormation's are UUIDs; any short printable ID will do for a replay.
      if (value === undefined || !/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/.test(value)) throw new Error(`--request-id needs an ID (letters, digits, - _ . :), got ${value ?? 'nothing'}`);
      requestId = value;
    } else if (arg === '--endpoint-url' || arg.startsWith('--endpoint-url=')) {
      const value = arg === '--endpoint-url' ? argv[++index] : arg.slice('--endpoint-url='.length);
      if (value === undefined || !/^https?:\/\/[^/]/.test(value)) throw new Error(`--endpoint-url needs an http(s) URL, got ${value ?? 'nothing'}`);
      endpointUrl = value;
    } else if (arg.startsWith('-')) throw new Error(`unknown option: ${arg}`);
    else if (eventFile === undefined) eventFile = arg;
    else throw new Error(`one event file at a time; got ${eventFile} and ${arg}`);
  }
  if (!help && eventFile === undefined) throw new Error('no event file given (e.g. events/create.json)');
  return {
    ...(eventFile === undefined ? {} : { eventFile }),
    ...(endpointUrl === undefined ? {} : { endpointUrl }),
    ...(requestId === undefined ? {} : { requestId }),
    logs,
    help,
  };
}

/**
 * The event in a file's text, checked for what the run needs; throws an Error naming what is wrong. The handler judges
 * the rest, as it would a real event.
 */
export function parseEventText(text: string, file: string): CustomResourceEvent {
  let event: unknown;
  try {
    event = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file} is not JSON: ${(error as Error).message}`);
  }
  const fields = event as Record<string, unknown> | null;
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) throw new Error(`${file} must hold one JSON object, a CloudFormation event.`);
  const missing = ['RequestType', 'StackId', 'RequestId', 'LogicalResourceId', 'ResourceProperties'].filter((key) => fields[key] === undefined);
  if (missing.length > 0) throw new Error(`${file} is not a CloudFormation custom-resource event: it lacks ${missing.join(', ')}.`);
  return { ResponseURL: '', ...fields } as unknown as CustomResourceEvent;
}

export interface InvokeReport {
  /** Where AWS calls went: the simulator started for this run, or --endpoint-url. */
  readonly target: string;
  /** The RequestId the event carried, and whether this run made it up (or --request-id gave it). */
  readonly requestId: string;
  readonly freshRequestId: boolean;
  /** What the handler PUT to the ResponseURL; undefined if it never answered. */
  readonly response?: RecordedResponse;
  /**
   * With the simulator started here: every call it and the CloudFormation stand-in received. With --endpoint-url: the
   * writes the handler logged (countedCalls has the totals).
   */
  readonly calls: readonly ServiceCall[];
  readonly callsSeen: 'all' | 'writes';
  /** With --endpoint-url: the calls per service from the handler's metrics record (lib/protocol/metrics.ts). */
  readonly countedCalls?: Partial<Record<AwsServiceName, number>>;
  readonly run: BundleRun;
  readonly seconds: number;
}

/**
 * Runs the bundled handler once on `event` and reports what it answered and what it called. The event gets a fresh
 * RequestId unless `requestId` is given: CloudFormation never sends one twice, and the provider binds its endpoints'
 * client tokens to it (lib/reconcile/apply.ts), so replaying a file's fixed ID would be a repeated delivery.
 */
export async function runLocalInvoke(event: CustomResourceEvent, options: { endpointUrl?: string; requestId?: string }): Promise<InvokeReport> {
  const demo = options.endpointUrl === undefined ? await startDemoSimulator() : undefined;
  // Only the handler's calls, not those that built the demo world.
  demo?.sim.resetCallLog();
  const cfn = await CloudFormationDriver.start();
  const requestId = options.requestId ?? randomUUID();
  try {
    const adopted = cfn.adoptEvent({ ...event, RequestId: requestId });
    const ec2EndpointUrl = options.endpointUrl ?? demo?.url ?? '';
    const startedAt = Date.now();
    // The stack check asks the driver's CloudFormation stand-in, which plays the adopted event's stack.
    const run = await invokeBundle(adopted, {
      ec2EndpointUrl,
      cloudFormationEndpointUrl: cfn.baseUrl,
      region: adopted.StackId.split(':')[3] || 'us-east-1',
    });
    const seconds = (Date.now() - startedAt) / 1000;
    const response = cfn.responseFor(adopted);
    const countedCalls = metricsRecordOf(run.logLines)?.AwsCallsByService;
    return {
      target: demo ? `the EC2 simulator (demo world) on ${demo.url}` : options.endpointUrl ?? '',
      requestId,
      freshRequestId: options.requestId === undefined,
      ...(response === undefined ? {} : { response }),
      calls: demo ? serviceCallsOf(demo.sim.calls, cfn.stacks.calls) : loggedWrites(run.logLines),
      callsSeen: demo ? 'all' : 'writes',
      ...(demo || countedCalls === undefined ? {} : { countedCalls }),
      run,
      seconds,
    };
  } finally {
    await cfn.close();
    await demo?.close();
  }
}

/** The handler's EMF record among its output lines, if it wrote one. */
function metricsRecordOf(logLines: readonly string[]) {
  for (const line of logLines) {
    try {
      const record: unknown = JSON.parse(line);
      if (isRequestMetricsRecord(record)) return record;
    } catch {
      // Not JSON: not the record.
    }
  }
  return undefined;
}

function loggedWrites(logLines: readonly string[]): ServiceCall[] {
  return logLines.flatMap((line) => {
    try {
      const record = JSON.parse(line) as { message?: string; action?: string; resourceId?: string };
      if (record.message !== 'ec2 write' || typeof record.action !== 'string') return [];
      return [{ service: 'EC2' as const, action: record.action, write: true, ...(typeof record.resourceId === 'string' ? { detail: record.resourceId } : {}) }];
    } catch {
      return [];
    }
  });
}

/** The handler's own log lines, in the order written (both streams): not the local runner's closing line. */
export function handlerLogLines(run: BundleRun): string[] {
  return run.outputLines.filter((line) => !line.includes('"message":"invocation finished"'));
}

/** The report as text: the answer CloudFormation would get, then the calls per service. */
export function formatInvokeReport(event: CustomResourceEvent, report: InvokeReport, options: { logs?: boolean } = {}): string {
  const lines: string[] = [];
  if (options.logs) {
    const logLines = handlerLogLines(report.run);
    lines.push(`Handler log (${logLines.length} lines):`, ...logLines, '');
  }
  lines.push(`${event.RequestType} ${event.LogicalResourceId} (stack ${event.StackId.split('/')[1] ?? event.StackId}); AWS calls to ${report.target}`);
  lines.push(`RequestId: ${report.requestId}${report.freshRequestId ? ' (fresh for this run; --request-id ID replays one)' : ' (from --request-id)'}`, '');
  const body = report.response?.body;
  if (!report.response) {
    lines.push(`No answer reached the ResponseURL (handler exited ${report.run.exitCode}).`);
  } else {
    lines.push(`Answer: ${body?.Status ?? '(not JSON)'}${body?.Reason ? ` — ${body.Reason}` : ''}`);
    lines.push(`PhysicalResourceId: ${body?.PhysicalResourceId ?? '-'}`);
    const data = Object.entries(body?.Data ?? {});
    if (data.length > 0) {
      lines.push('Data:');
      for (const [key, value] of data) lines.push(`  ${key}: ${value}`);
    }
    if (report.response.problems.length > 0) lines.push(`CloudFormation would reject this answer: ${report.response.problems.join('; ')}`);
  }
  lines.push('');
  const writes = report.calls.filter((call) => call.write);
  if (report.callsSeen === 'all') {
    lines.push(...formatCallsByService(report.calls));
    if (writes.length > 0) lines.push('Writes, in order:');
  } else {
    const counted = Object.entries(report.countedCalls ?? {});
    const total = counted.reduce((sum, [, count]) => sum + (count ?? 0), 0);
    lines.push(
      counted.length > 0
        ? `AWS calls (the handler's metrics record): ${total} — ${counted.map(([service, count]) => `${service} ${count}`).join(', ')}`
        : "AWS calls: the handler wrote no metrics record",
    );
    lines.push(`EC2 writes (from the handler's log; npm run sim -- --log-requests prints every call it receives): ${writes.length}`);
  }
  for (const call of writes) lines.push(`  ${call.action}${call.detail ? ` ${call.detail}` : ''}${call.outcome && call.outcome !== 'ok' ? ` (${call.outcome})` : ''}`);
  lines.push(`Time: ${report.seconds.toFixed(1)} s`);
  if (report.run.exitCode !== 0) lines.push(`The handler exited ${report.run.exitCode}: ${report.run.stderr.trim()}`);
  return lines.join('\n') + '\n';
}

/** 0 when the handler answered SUCCESS, 1 otherwise (FAILED, or no answer at all). */
export function invokeExitCode(report: InvokeReport): number {
  return report.response?.body?.Status === 'SUCCESS' ? 0 : 1;
}
