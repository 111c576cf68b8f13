/**
 * The lifecycle's branch for `Custom::VpcEndpointConsumer` events (lib/consumer/): the same stack check, deadline and
 * hand-over as the endpoints' branch in lifecycle.ts, which passes them in; its own properties, clients and pipeline.
 */
import { parseHubId } from './centralised/hub-contract';
import { type Conclusion, FailedUnder, pending, PendingWork } from './conclusion';
import { convergeConsumer, teardownConsumer } from './consumer/converge';
import { consumerResponseData } from './consumer/outputs';
import { consumerPhysicalIdFor, isOwnConsumerPhysicalId } from './consumer/physical-id';
import { parseConsumerProperties, type ConsumerSpec } from './consumer/properties';
import { CONSUMER_RESOURCE_TYPE } from './consumer/resource-type';
import { awsConsumerPorts } from './consumer-aws/aws-ports';
import { AwsOrganizationsPort } from './consumer-aws/organizations-port';
import { describeError } from './ec2/errors';
import { PacedEc2Client } from './ec2/paced-client';
import { countingWrites } from './ec2/write-counter';
import { ProvisionerError } from './errors';
import type { LifecycleDependencies } from './lifecycle';
import type { Logger } from './protocol/logger';
import type { RequestTally } from './protocol/metrics';
import type { CustomResourceEvent, StackArnParts } from './protocol/event';
import { invalidCreatePhysicalId, isInvalidCreatePhysicalId } from './protocol/physical-id';
import { PacedOrganizationsClient } from './organizations/paced-client';
import { PacedRoute53Client } from './route53/paced-client';
import type { Owner } from './reconcile/ownership';

/** What the consumer's branch shares with the endpoints' branch (lifecycle.ts, `run`). */
export interface ConsumerRunShared {
  readonly deps: LifecycleDependencies;
  readonly log: Logger;
  readonly remainingMs: () => number;
  readonly progress: { writes: number };
  readonly tally: RequestTally;
  readonly checkedByStack: () => Promise<{ refused?: Conclusion; writesQuietSince?: number }>;
  readonly ownerFor: (physicalId: string) => Owner;
}

/**
 * A `Custom::VpcEndpointConsumer` event: its properties read, the stack checked before the first AWS call, then the
 * consumer converged or torn down over the hub account's and the spoke (stack) account's clients.
 */
export async function runConsumer(event: CustomResourceEvent, stack: StackArnParts, shared: ConsumerRunShared): Promise<Conclusion> {
  const { deps, log } = shared;
  const identity = (spec: ConsumerSpec) => ({ stackId: event.StackId, logicalResourceId: event.LogicalResourceId, vpcId: spec.vpcId, hubId: spec.hubId });
  const pacing = { clock: deps.clock, random: deps.random, remainingMs: shared.remainingMs };
  const portsFor = async (spec: ConsumerSpec) => {
    const clientsOf = async (accountId: string) => {
      const route53 = await deps.route53For?.(accountId, stack.region, stack.partition);
      if (route53 === undefined) throw new ProvisionerError(`${CONSUMER_RESOURCE_TYPE} needs Route 53, and this provider was started without a Route 53 client.`);
      const serviceQuotas = await deps.serviceQuotasFor?.(accountId, stack.region, stack.partition);
      return {
        ec2: new PacedEc2Client(countingWrites(shared.tally.counting(await deps.ec2For(accountId, stack.region, stack.partition), 'EC2'), shared.progress), pacing),
        route53: new PacedRoute53Client(countingWrites(shared.tally.counting(route53, 'Route 53'), shared.progress), pacing),
        ...(serviceQuotas ? { serviceQuotas: shared.tally.counting(serviceQuotas, 'Service Quotas') } : {}),
      };
    };
    const [hub, spoke, org] = await Promise.all([clientsOf(spec.hub.accountId), clientsOf(stack.accountId), deps.organizationsFor?.(stack.region, stack.partition)]);
    const organizations = org && new AwsOrganizationsPort(new PacedOrganizationsClient(shared.tally.counting(org.client, 'Organizations'), pacing), org.callerAccountId);
    return awsConsumerPorts({ hub, spoke, region: stack.region, pause: (ms) => deps.clock.sleep(ms), log, ...(organizations ? { organizations } : {}) });
  };
  const runContext = (physicalId: string) => ({ owner: shared.ownerFor(physicalId), accountId: stack.accountId, region: stack.region });

  if (event.RequestType === 'Delete') {
    let spec: ConsumerSpec | undefined;
    try {
      spec = parseConsumerProperties(event.ResourceProperties, stack);
    } catch {
      // A consumer is made only from readable properties, and CloudFormation deletes with the last ones that worked.
    }
    if (spec === undefined || !isOwnConsumerPhysicalId(event.PhysicalResourceId, identity(spec))) {
      const why = isInvalidCreatePhysicalId(event.PhysicalResourceId) ? 'its Create failed before anything was made' : 'this provider did not issue that physical ID for this stack, logical ID, VPC and hub';
      log.info('delete of a consumer this provider never made: nothing to do', { physicalResourceId: event.PhysicalResourceId, why });
      return { kind: 'answer', status: 'SUCCESS', physicalId: event.PhysicalResourceId, reason: `Nothing to delete: ${why}.`, writes: 0 };
    }
    const { refused } = await shared.checkedByStack();
    if (refused) return refused;
    const ports = await portsFor(spec);
    const removed = await pending(event.PhysicalResourceId, teardownConsumer(spec, runContext(event.PhysicalResourceId), ports));
    return { kind: 'answer', status: 'SUCCESS', physicalId: event.PhysicalResourceId, writes: removed.writes };
  }

  const failedUnder = event.RequestType === 'Create' ? invalidCreatePhysicalId(event.StackId, event.LogicalResourceId) : event.PhysicalResourceId;
  let spec: ConsumerSpec;
  try {
    spec = parseConsumerProperties(event.ResourceProperties, stack);
  } catch (error) {
    throw new FailedUnder(failedUnder, error);
  }
  const { refused } = await shared.checkedByStack();
  if (refused) return refused;
  const physicalId = consumerPhysicalIdFor(identity(spec));
  const ports = await portsFor(spec).catch((error: unknown) => {
    throw new FailedUnder(failedUnder, error);
  });
  const isReplacement = event.RequestType === 'Update' && physicalId !== event.PhysicalResourceId;
  try {
    const result = await pending(physicalId, convergeConsumer(spec, runContext(physicalId), ports));
    if (isReplacement) log.info('replacement: CloudFormation deletes the old consumer next', { oldPhysicalResourceId: event.PhysicalResourceId });
    return { kind: 'answer', status: 'SUCCESS', physicalId, data: consumerResponseData(result), writes: result.writes };
  } catch (error) {
    if (error instanceof PendingWork) throw error;
    if (isReplacement) {
      // A failed replacement keeps the old physical ID; what the new one made is undone here, since no Delete will name it.
      await teardownConsumer(spec, runContext(physicalId), ports).catch((cleanupError: unknown) =>
        log.error('could not clean up the failed replacement', { error: describeError(cleanupError) }),
      );
      throw new FailedUnder(event.PhysicalResourceId, error);
    }
    throw new FailedUnder(event.RequestType === 'Update' ? event.PhysicalResourceId : physicalId, error);
  }
}

/** A consumer's: its own ID when VpcId and HubId read as such (a Create that wrote may be failing), else the marker. */
export function consumerFallbackPhysicalId(event: CustomResourceEvent): string {
  const properties = (event.ResourceProperties ?? {}) as Record<string, unknown>;
  const [vpcId, hubId] = [properties['VpcId'], properties['HubId']];
  if (typeof vpcId === 'string' && typeof hubId === 'string' && parseHubId(hubId) !== undefined && typeof event.StackId === 'string' && typeof event.LogicalResourceId === 'string') {
    try {
      return consumerPhysicalIdFor({ stackId: event.StackId, logicalResourceId: event.LogicalResourceId, vpcId, hubId });
    } catch {
      // Not a VPC ID: the marker.
    }
  }
  return invalidCreatePhysicalId(String(event.StackId), String(event.LogicalResourceId));
}
