/**
 * Reading IAM policy statements out of parsed templates, and the scoping rules the provider's EC2
 * policy must follow. Each rule returns the violations it finds (empty = compliant), so tests can run it
 * both on the real templates and on deliberately broken copies.
 */
import authorization from './fixtures/ec2-authorization.json';
import readChecks from './fixtures/read-checks-authorization.json';
import type { CfnResource, CfnTemplate, CfnValue } from '../support/cfn-yaml';

/** One IAM policy statement as it appears in a template (values may be intrinsic functions). */
export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: CfnValue;
  readonly Condition?: Record<string, Record<string, CfnValue>>;
  readonly Principal?: CfnValue;
}

/** One inline policy of an AWS::IAM::Role. */
export interface InlinePolicy {
  readonly PolicyName: string;
  readonly PolicyDocument: { readonly Statement: PolicyStatement[] };
}

/** What the Service Authorization Reference says about one action, for the resource types we use. */
interface ActionAuthorization {
  readonly accessLevel: string;
  readonly resourceTypes: readonly { readonly name: string; readonly required: boolean; readonly conditionKeys: readonly string[] }[];
}

export const OWNER_TAG = 'vpce-provisioner:owner';
const OWNER_RESOURCE_TAG = `aws:ResourceTag/${OWNER_TAG}`;
const OWNER_REQUEST_TAG = `aws:RequestTag/${OWNER_TAG}`;

/** The three calls that create resources; they tag on create, so CreateTags may name only them. */
export const CREATE_ACTIONS = ['CreateSubnet', 'CreateSecurityGroup', 'CreateVpcEndpoint'] as const;

const ACTIONS: Readonly<Record<string, ActionAuthorization>> = authorization.actions;

/** The reference's entry for `ec2:Name`, or undefined when EC2 has no such action. */
export function ec2Authorization(action: string): ActionAuthorization | undefined {
  return action.startsWith('ec2:') ? ACTIONS[action.slice('ec2:'.length)] : undefined;
}

/** The reference's entry for a Route 53 or Service Quotas action of the read-checks policy (`route53:Name`). */
export function readChecksAuthorization(
  action: string,
): { accessLevel: string; resourceTypes: readonly unknown[]; dependentActions?: readonly string[] } | undefined {
  const actions: Readonly<Record<string, { accessLevel: string; resourceTypes: readonly unknown[]; dependentActions?: readonly string[] }>> = readChecks.actions;
  return Object.hasOwn(actions, action) ? actions[action] : undefined;
}

export function asArray<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

export function actionsOf(statement: PolicyStatement): string[] {
  return asArray(statement.Action);
}

export function resourcesOf(statement: PolicyStatement): CfnValue[] {
  return asArray(statement.Resource);
}

/** The literal text of a resource: a plain string or the template of an `Fn::Sub`. */
function resourceText(resource: CfnValue): string | undefined {
  if (typeof resource === 'string') return resource;
  if (resource !== null && typeof resource === 'object' && !Array.isArray(resource)) {
    const sub = resource['Fn::Sub'];
    if (typeof sub === 'string') return sub;
  }
  return undefined;
}

/** `'*'` for a wildcard resource, the EC2 resource type for `arn:…:ec2:…:<type>/*`, undefined otherwise. */
export function ec2ResourceType(resource: CfnValue): string | undefined {
  const text = resourceText(resource);
  if (text === '*') return '*';
  // Placeholders such as ${AWS::Partition} contain colons: replace them before splitting the ARN.
  const arn = text?.replace(/\$\{[^}]*\}/g, 'x');
  return arn?.match(/^arn:[^:]+:ec2:[^:]*:[^:]*:([a-z-]+)\/\*$/)?.[1];
}

/** True when the statement allows `action` on resources of `resourceType` (or on every resource). */
export function grants(statement: PolicyStatement, action: string, resourceType: string): boolean {
  if (statement.Effect !== 'Allow' || !actionsOf(statement).includes(action)) return false;
  return resourcesOf(statement).some((resource) => {
    const type = ec2ResourceType(resource);
    return type === '*' || type === resourceType;
  });
}

/** True when the statement only matches requests in which `key` is present (`Null: false` or `StringLike: '*'`). */
export function requiresKeyPresent(statement: PolicyStatement, key: string): boolean {
  const nullCheck = statement.Condition?.['Null']?.[key];
  const likeAny = statement.Condition?.['StringLike']?.[key];
  return nullCheck === 'false' || nullCheck === false || likeAny === '*';
}

const isDestructive = (action: string): boolean => /^ec2:(Delete|Modify|Revoke|Authorize)/.test(action);

/** No `*` in any action: every action is named. */
export function wildcardActionViolations(statements: readonly PolicyStatement[]): string[] {
  return statements.flatMap((s) => actionsOf(s).filter((a) => a.includes('*')).map((a) => `${s.Sid ?? '?'}: wildcard action ${a}`));
}

/** Every EC2 action exists in the Service Authorization Reference (catches typos such as DeleteVpcEndpoint). */
export function unknownActionViolations(statements: readonly PolicyStatement[]): string[] {
  return statements.flatMap((s) =>
    actionsOf(s)
      .filter((a) => a.startsWith('ec2:') && ec2Authorization(a) === undefined)
      .map((a) => `${s.Sid ?? '?'}: ${a} is not an EC2 action`),
  );
}

/** `Resource: '*'` only where every action is a read (List/Read access level). */
export function wildcardResourceViolations(statements: readonly PolicyStatement[]): string[] {
  return statements
    .filter((s) => resourcesOf(s).some((r) => ec2ResourceType(r) === '*'))
    .flatMap((s) =>
      actionsOf(s)
        .filter((a) => {
          const level = ec2Authorization(a)?.accessLevel;
          return a.startsWith('ec2:') && level !== 'List' && level !== 'Read';
        })
        .map((a) => `${s.Sid ?? '?'}: ${a} on Resource '*'`),
    );
}

/**
 * Delete/Modify/Revoke/Authorize only with the owner-tag resource condition on the resource the call
 * acts on (its required resource types). The one allowed exception is the *associated* resources a call
 * optionally touches (the route tables and security groups ModifyVpcEndpoint adds to an endpoint): the
 * call still needs the owner-tagged endpoint, so those grants alone change nothing.
 */
export function destructiveActionViolations(statements: readonly PolicyStatement[]): string[] {
  return statements.flatMap((s) =>
    actionsOf(s)
      .filter(isDestructive)
      .flatMap((action) => {
        const auth = ec2Authorization(action);
        const actedOn = auth?.resourceTypes.filter((t) => t.required).map((t) => t.name) ?? [];
        const exposed = resourcesOf(s)
          .map(ec2ResourceType)
          .filter((type) => type === '*' || type === undefined || actedOn.includes(type));
        return exposed.length > 0 && !requiresKeyPresent(s, OWNER_RESOURCE_TAG)
          ? [`${s.Sid ?? '?'}: ${action} on ${exposed.join(', ')} without ${OWNER_RESOURCE_TAG}`]
          : [];
      }),
  );
}

/**
 * A create call is granted on the type it creates (the one whose condition keys include
 * aws:RequestTag) only with the owner tag required in the request.
 */
export function createActionViolations(statements: readonly PolicyStatement[]): string[] {
  return CREATE_ACTIONS.flatMap((name) => {
    const action = `ec2:${name}`;
    const created = ec2Authorization(action)?.resourceTypes.find((t) => t.conditionKeys.includes('aws:RequestTag/${TagKey}'));
    if (created === undefined) return [`${action}: the reference names no created resource type`];
    return statements
      .filter((s) => grants(s, action, created.name) && !requiresKeyPresent(s, OWNER_REQUEST_TAG))
      .map((s) => `${s.Sid ?? '?'}: ${action} on ${created.name} without ${OWNER_REQUEST_TAG}`);
  });
}

function stringList(value: CfnValue | undefined): string[] {
  return asArray(value).filter((v): v is string => typeof v === 'string');
}

/**
 * ec2:CreateTags only (a) as part of the three create calls, or (b) on owned resources with tag keys
 * that are present and never the provider's own; ec2:DeleteTags only as (b).
 */
export function taggingViolations(statements: readonly PolicyStatement[]): string[] {
  return statements.flatMap((s) =>
    actionsOf(s)
      .filter((a) => a === 'ec2:CreateTags' || a === 'ec2:DeleteTags')
      .flatMap((action) => {
        const createActions = stringList(s.Condition?.['StringEquals']?.['ec2:CreateAction']);
        const onCreateOnly =
          action === 'ec2:CreateTags' &&
          createActions.length > 0 &&
          createActions.every((c) => (CREATE_ACTIONS as readonly string[]).includes(c));
        const excluded = stringList(s.Condition?.['ForAllValues:StringNotLike']?.['aws:TagKeys']);
        const ownedRetag =
          requiresKeyPresent(s, OWNER_RESOURCE_TAG) && requiresKeyPresent(s, 'aws:TagKeys') && excluded.includes('vpce-provisioner:*');
        return onCreateOnly || ownedRetag ? [] : [`${s.Sid ?? '?'}: ${action} is not limited to creation or to owned resources' user tags`];
      }),
  );
}

/** Every rule at once. */
export function scopingViolations(statements: readonly PolicyStatement[]): string[] {
  return [
    ...wildcardActionViolations(statements),
    ...unknownActionViolations(statements),
    ...wildcardResourceViolations(statements),
    ...destructiveActionViolations(statements),
    ...createActionViolations(statements),
    ...taggingViolations(statements),
  ];
}

/** The inline policies of a role resource. */
export function inlinePolicies(role: CfnResource | undefined): InlinePolicy[] {
  const policies = role?.Properties?.['Policies'];
  return asArray(policies as unknown as InlinePolicy | InlinePolicy[] | undefined);
}

/** The inline policy called `name` of `roleLogicalId` in `template`; throws when missing. */
export function inlinePolicy(template: CfnTemplate, roleLogicalId: string, name: string): InlinePolicy {
  const policy = inlinePolicies(template.Resources[roleLogicalId]).find((p) => p.PolicyName === name);
  if (policy === undefined) throw new Error(`${roleLogicalId} has no inline policy ${name}`);
  return policy;
}

/** The statements of the EC2 policy shared by the hub role and the spoke role. */
export function ec2Statements(template: CfnTemplate, roleLogicalId: string): PolicyStatement[] {
  return inlinePolicy(template, roleLogicalId, 'ec2-tag-scoped').PolicyDocument.Statement;
}
