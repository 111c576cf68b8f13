/**
 * `npm run invoke -- EVENT.json [--endpoint-url URL]`: the bundled handler (dist/index.js) run once on a
 * CloudFormation-shaped event, its PUT received on a local stand-in for CloudFormation, and a report of the answer and of
 * the EC2 calls. The terminal wiring is scripts/invoke.ts; the handler runs through bundle-runner.ts, as in the demo.
 */
import type { CustomResourceEvent } from '../../lib/protocol/event';
import { invokeBundle, type BundleRun } from './bundle-runner';
import { CloudFormationDriver, type RecordedResponse } from './cfn-driver';
import { startDemoSimulator } from './ec2-sim/http/demo-server';

export const INVOKE_USAGE = `usage: npm run invoke -- EVENT.json [--endpoint-url URL]
  EVENT.json         a CloudFormation custom-resource event (events/create.json, update.json, delete.json);
                     its ResponseURL is replaced by a local one that receives the answer
  --endpoint-url URL send the handler's EC2 calls there (default: a fresh EC2 simulator with the demo world)`;

/** What the command line asked for. */
export interface InvokeArgs {
  readonly eventFile?: string;
  readonly endpointUrl?: string;
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
  let help = false;
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index] ?? '';
    if (arg === '--help' || arg === '-h') help = true;
    else if (arg === '--endpoint-url' || arg.startsWith('--endpoint-url=')) {
      const value = arg === '--endpoint-url' ? argv[++index] : arg.slice('--endpoint-url='.length);
      if (value === undefined || !/^https?:\/\/[^/]/.test(value)) throw new Error(`--endpoint-url needs an http(s) URL, got ${value ?? 'nothing'}`);
      endpointUrl = value;
    } else if (arg.startsWith('-')) throw new Error(`unknown option: ${arg}`);
    else if (eventFile === undefined) eventFile = arg;
    else throw new Error(`one event file at a time; got ${eventFile} and ${arg}`);
  }
  if (!help && eventFile === undefined) throw new Error('no event file given (e.g. events/create.json)');
  return { ...(eventFile === undefined ? {} : { eventFile }), ...(endpointUrl === undefined ? {} : { endpointUrl }), help };
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

/** One EC2 call, as the report lists it. */
export interface InvokeCall {
  readonly action: string;
  readonly write: boolean;
  /** `ok`, or the error code; undefined when only the handler's log told of the call. */
  readonly outcome?: string;
  /** What it was about (a CIDR block, a service, an ID), when the simulator saw the input. */
  readonly detail?: string;
}

/** The input fields that say what a write was about, in the order the first present one is shown. */
const DETAIL_FIELDS = ['ServiceName', 'CidrBlock', 'GroupName', 'VpcEndpointId', 'VpcEndpointIds', 'SubnetId', 'GroupId', 'Resources'];

function detailOf(input: Record<string, unknown>): { detail?: string } {
  const field = DETAIL_FIELDS.find((name) => input[name] !== undefined);
  if (field === undefined) return {};
  const value = input[field];
  return { detail: Array.isArray(value) ? value.join(', ') : String(value) };
}

export interface InvokeReport {
  /** Where EC2 calls went: the simulator started for this run, or --endpoint-url. */
  readonly target: string;
  /** What the handler PUT to the ResponseURL; undefined if it never answered. */
  readonly response?: RecordedResponse;
  /**
   * With the simulator started here: every call it received. With --endpoint-url: the writes the handler logged (the
   * endpoint's own log has the rest).
   */
  readonly calls: readonly InvokeCall[];
  readonly callsSeen: 'all' | 'writes';
  readonly run: BundleRun;
  readonly seconds: number;
}

/** Runs the bundled handler once on `event` and reports what it answered and what it called. */
export async function runLocalInvoke(event: CustomResourceEvent, options: { endpointUrl?: string }): Promise<InvokeReport> {
  const demo = options.endpointUrl === undefined ? await startDemoSimulator() : undefined;
  // Only the handler's calls, not those that built the demo world.
  demo?.sim.resetCallLog();
  const cfn = await CloudFormationDriver.start();
  try {
    const adopted = cfn.adoptEvent(event);
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
    const calls: InvokeCall[] = demo
      ? demo.sim.calls.map((call) => ({ action: call.action, write: call.mutating, outcome: call.outcome, ...detailOf(call.input) }))
      : loggedWrites(run.logLines);
    return {
      target: demo ? `the EC2 simulator (demo world) on ${demo.url}` : options.endpointUrl ?? '',
      ...(response === undefined ? {} : { response }),
      calls,
      callsSeen: demo ? 'all' : 'writes',
      run,
      seconds,
    };
  } finally {
    await cfn.close();
    await demo?.close();
  }
}

function loggedWrites(logLines: readonly string[]): InvokeCall[] {
  return logLines.flatMap((line) => {
    try {
      const record = JSON.parse(line) as { message?: string; action?: string; resourceId?: string };
      if (record.message !== 'ec2 write' || typeof record.action !== 'string') return [];
      return [{ action: record.action, write: true, ...(typeof record.resourceId === 'string' ? { detail: record.resourceId } : {}) }];
    } catch {
      return [];
    }
  });
}

/** The report as text: the answer CloudFormation would get, then the calls. */
export function formatInvokeReport(event: CustomResourceEvent, report: InvokeReport): string {
  const lines = [`${event.RequestType} ${event.LogicalResourceId} (stack ${event.StackId.split('/')[1] ?? event.StackId}); EC2 calls to ${report.target}`, ''];
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
    const counts = new Map<string, number>();
    for (const call of report.calls) counts.set(call.action, (counts.get(call.action) ?? 0) + 1);
    lines.push(`EC2 calls: ${report.calls.length} (${writes.length} writes) — ${[...counts].map(([action, count]) => `${action}×${count}`).join(', ') || 'none'}`);
  } else {
    lines.push(`EC2 writes (from the handler's log; the endpoint's own log has every call): ${writes.length}`);
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
