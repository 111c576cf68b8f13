/**
 * The proof run on every scenario: each AWS call the provider made becomes the authorization requests AWS would make,
 * and each must be allowed by the provider role (template.yaml) and by the spoke role (examples/spoke/spoke-role.yaml),
 * deployed in the scenario's account and region.
 */
import { appendFileSync } from 'node:fs';
import type { Ec2Simulator } from '../ec2-sim';
import type { CloudFormationCall } from '../cfn-stacks';
import { decide, providerRole, spokeRole, type DeployedRole } from './policies';
import { serviceAuthorizationRequests, type RecordedServiceCall } from './read-checks';
import { ec2AuthorizationRequests, requestKey, stackCheckRequest, type AuthorizationRequest, type CallSite, type RecordedEc2Call } from './requests';

/** The hub's SpokeRoleName and external ID in the proofs: both roles are proven as a hub deploys them. */
export const PROOF_PARAMETERS = { OrganizationId: 'o-a1b2c3d4e5', SpokeRoleName: 'vpce-provisioner-spoke', SpokeExternalId: 'o-a1b2c3d4e5-vpce' } as const;

/** The two roles that sign the provider's calls, deployed in one account and region. */
export function rolesAt(site: CallSite): DeployedRole[] {
  const deployment = { ...site, stackName: 'vpce-provisioner' };
  return [
    providerRoleAt(site),
    spokeRole({ ...deployment, parameters: { HubAccountId: site.accountId, ExternalId: PROOF_PARAMETERS.SpokeExternalId } }),
  ];
}

/** The provider role alone, for the calls only it makes (AWS Organizations, from the provider's own account). */
export function providerRoleAt(site: CallSite): DeployedRole {
  return providerRole({ ...site, stackName: 'vpce-provisioner', parameters: PROOF_PARAMETERS });
}

/**
 * The authorization requests of a scenario's calls: EC2 calls as recorded, the stack check's CloudFormation reads, and
 * the read checks' Route 53 and Service Quotas calls.
 */
export async function requestsOf(
  ec2Calls: readonly RecordedEc2Call[],
  cloudFormationCalls: readonly CloudFormationCall[],
  serviceCalls: readonly RecordedServiceCall[],
  site: CallSite,
): Promise<AuthorizationRequest[]> {
  const ec2 = await Promise.all(ec2Calls.map((call) => ec2AuthorizationRequests(call, site)));
  const stackChecks = cloudFormationCalls.map((call) => stackCheckRequest(call.action, String(call.input['StackName'])));
  const readChecks = await Promise.all(serviceCalls.map((call) => serviceAuthorizationRequests(call, site)));
  return [...ec2.flat(), ...stackChecks, ...readChecks.flat()];
}

/** Requests some role does not allow, as readable lines (empty when every one is allowed by every role). */
export async function deniedRequests(requests: readonly AuthorizationRequest[], roles: readonly DeployedRole[]): Promise<string[]> {
  const seen = new Set<string>();
  const denied: string[] = [];
  for (const request of requests) {
    const key = `${requestKey(request)} ${request.resource}`;
    if (seen.has(key)) continue;
    seen.add(key);
    for (const role of roles) {
      const decision = await decide(role, request);
      if (decision.result !== 'Allowed') denied.push(`${role.arn} ${decision.result}: ${request.action} on ${request.resource} with ${JSON.stringify(request.context)}`);
    }
  }
  return denied;
}

/** Tags by resource ID of every resource an input names, read from the simulator's state now. */
export function tagsOfNamed(sim: Ec2Simulator, input: Record<string, unknown>): Map<string, Map<string, string>> {
  const tags = new Map<string, Map<string, string>>();
  const stores = [sim.state.vpcs, sim.state.subnets, sim.state.routeTables, sim.state.securityGroups, sim.state.endpoints, sim.state.ipamPools] as Map<string, { tags?: Map<string, string> }>[];
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      for (const store of stores) {
        const record = store.get(value);
        if (record) tags.set(value, new Map(record.tags ?? []));
      }
    } else if (Array.isArray(value)) value.forEach(visit);
  };
  for (const [key, value] of Object.entries(input)) if (!key.startsWith('$')) visit(value);
  return tags;
}

/**
 * With AUTHZ_LEDGER=<file>, appends the key of every request proven to that file (one per line), so a full run can
 * count the distinct requests the proofs cover: `sort -u <file> | wc -l`.
 */
export function recordInLedger(requests: readonly AuthorizationRequest[]): void {
  const file = process.env['AUTHZ_LEDGER'];
  if (file && requests.length > 0) appendFileSync(file, `${[...new Set(requests.map(requestKey))].join('\n')}\n`);
}
