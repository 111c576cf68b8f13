/**
 * The AWS calls of a local run, per service (EC2, Route 53, Service Quotas, CloudFormation), as `npm run demo` and
 * `npm run invoke` print them: the simulator's call log holds EC2, Route 53 and Service Quotas calls alike, and the
 * CloudFormation stand-in logs the stack check's.
 */
import type { AwsServiceName } from '../../lib/protocol/metrics';
import type { CallRecord } from './ec2-sim';
import { serviceQuotasActions } from './ec2-sim/quotas';
import { route53Actions } from './ec2-sim/route53';
import type { CloudFormationCall } from './cfn-stacks';

/** One call, as the tools list it. */
export interface ServiceCall {
  readonly service: AwsServiceName;
  readonly action: string;
  readonly write: boolean;
  /** `ok`, or the error code; undefined when only the handler's log told of the call. */
  readonly outcome?: string;
  /** What it was about (a CIDR block, a service, an ID), when the input was seen. */
  readonly detail?: string;
}

/** The service a call in the simulator's log went to: its Route 53 and Service Quotas pieces, else EC2. */
export function serviceOfSimulatorCall(action: string): AwsServiceName {
  if (Object.hasOwn(route53Actions, action)) return 'Route 53';
  if (Object.hasOwn(serviceQuotasActions, action)) return 'Service Quotas';
  return 'EC2';
}

/** The input fields that say what a write was about, in the order the first present one is shown. */
const DETAIL_FIELDS = ['ServiceName', 'CidrBlock', 'GroupName', 'VpcEndpointId', 'VpcEndpointIds', 'SubnetId', 'GroupId', 'Resources'];

function detailOf(input: Record<string, unknown>): { detail?: string } {
  const field = DETAIL_FIELDS.find((name) => input[name] !== undefined);
  if (field === undefined) return {};
  const value = input[field];
  return { detail: Array.isArray(value) ? value.join(', ') : String(value) };
}

/** The simulator's and the CloudFormation stand-in's records as one list, simulator calls first. */
export function serviceCallsOf(simulatorCalls: readonly CallRecord[], cloudFormationCalls: readonly CloudFormationCall[] = []): ServiceCall[] {
  return [
    ...simulatorCalls.map((call) => ({ service: serviceOfSimulatorCall(call.action), action: call.action, write: call.mutating, outcome: call.outcome, ...detailOf(call.input) })),
    ...cloudFormationCalls.map((call) => ({ service: 'CloudFormation' as const, action: call.action, write: false, outcome: call.error ?? 'ok' })),
  ];
}

const SERVICE_ORDER: readonly AwsServiceName[] = ['EC2', 'Route 53', 'Service Quotas', 'CloudFormation', 'Lambda'];

/**
 * A headline and one line per service with its actions counted, e.g.
 * `AWS calls: 47 (9 writes)` then `  EC2: 40 (9 writes) — DescribeVpcs×1, CreateSubnet×3, …`.
 */
export function formatCallsByService(calls: readonly ServiceCall[], indent = ''): string[] {
  // Writes that took effect: a refused or throttled one changed nothing.
  const writes = (list: readonly ServiceCall[]) => list.filter((call) => call.write && (call.outcome ?? 'ok') === 'ok').length;
  const lines = [`${indent}AWS calls: ${calls.length} (${writes(calls)} writes)${calls.length === 0 ? ' — none' : ''}`];
  for (const service of SERVICE_ORDER) {
    const ofService = calls.filter((call) => call.service === service);
    if (ofService.length === 0) continue;
    const counts = new Map<string, number>();
    for (const call of ofService) counts.set(call.action, (counts.get(call.action) ?? 0) + 1);
    const writeCount = writes(ofService);
    lines.push(`${indent}  ${service}: ${ofService.length}${writeCount > 0 ? ` (${writeCount} writes)` : ''} — ${[...counts].map(([action, count]) => `${action}×${count}`).join(', ')}`);
  }
  return lines;
}
