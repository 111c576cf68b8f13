/**
 * Small edits of an Observation that stand for what changed between two discovery passes (the user listed other
 * subnets, EC2 moved an endpoint to another state), for scenarios that start from a converged VPC.
 */
import type { Observation, ObservedEndpoint } from '../../../lib/reconcile/observed';
import { isOwnedBy, type Owner } from '../../../lib/reconcile/ownership';
import { TEST_OWNER, fullServiceName } from '../../support/observation-builder';

/** The observation as discovery reports it when SubnetIds lists `subnetIds` (all of them subnets of the VPC). */
export function withAppSubnets(observation: Observation, subnetIds: readonly string[]): Observation {
  const appSubnets = subnetIds.map((id) => {
    const subnet = observation.vpcSubnets.find((candidate) => candidate.subnetId === id);
    if (!subnet) throw new Error(`withAppSubnets: ${id} is not a subnet of the VPC`);
    return subnet;
  });
  return { ...observation, appSubnets };
}

/** The owned endpoint of `service` (short name) and `type`; fails when there is not exactly one. */
export function ownedEndpoint(observation: Observation, service: string, type: 'Interface' | 'Gateway' = 'Interface', owner: Owner = TEST_OWNER): ObservedEndpoint {
  const matches = observation.endpoints.filter(
    (endpoint) => endpoint.type === type && endpoint.serviceName === fullServiceName(service) && isOwnedBy(endpoint.tags, owner),
  );
  if (matches.length !== 1) throw new Error(`expected one owned ${type} endpoint of ${service}, found ${matches.length}`);
  return matches[0] as ObservedEndpoint;
}

/** The observation with some fields of one endpoint changed. */
export function withEndpointChanges(observation: Observation, endpointId: string, changes: Partial<ObservedEndpoint>): Observation {
  if (!observation.endpoints.some((endpoint) => endpoint.endpointId === endpointId)) throw new Error(`no endpoint ${endpointId}`);
  return {
    ...observation,
    endpoints: observation.endpoints.map((endpoint) => (endpoint.endpointId === endpointId ? { ...endpoint, ...changes } : endpoint)),
  };
}

/** The owned endpoint subnet in `azId`; fails when there is not exactly one. */
export function ownedSubnetIn(observation: Observation, azId: string, owner: Owner = TEST_OWNER): string {
  const matches = observation.vpcSubnets.filter((subnet) => subnet.azId === azId && isOwnedBy(subnet.tags, owner));
  if (matches.length !== 1) throw new Error(`expected one owned subnet in ${azId}, found ${matches.length}`);
  return (matches[0] as { subnetId: string }).subnetId;
}
