/**
 * Reading IAM policy statements out of parsed templates, for the structural checks of the templates. What the
 * statements allow and refuse is proven by an IAM engine instead (tests/template/iam-proofs.test.ts and every scenario's
 * close, tests/support/authorization).
 */
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

export const OWNER_TAG = 'vpce-provisioner:owner';
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

/** True when the statement only matches requests in which `key` is present (`Null: false` or `StringLike: '*'`). */
export function requiresKeyPresent(statement: PolicyStatement, key: string): boolean {
  const nullCheck = statement.Condition?.['Null']?.[key];
  const likeAny = statement.Condition?.['StringLike']?.[key];
  return nullCheck === 'false' || nullCheck === false || likeAny === '*';
}

/** No `*` in any action: every action is named. */
export function wildcardActionViolations(statements: readonly PolicyStatement[]): string[] {
  return statements.flatMap((s) => actionsOf(s).filter((a) => a.includes('*')).map((a) => `${s.Sid ?? '?'}: wildcard action ${a}`));
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
