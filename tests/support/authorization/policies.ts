/**
 * The provider role's and the spoke role's identity policies as IAM sees them once deployed (intrinsic functions
 * resolved for one account, region and set of parameters), and their evaluation by a real IAM engine,
 * @cloud-copilot/iam-simulate — a test-only dependency (AGPL), never bundled.
 */
import { join } from 'node:path';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { loadCfnTemplate, type CfnTemplate, type CfnValue } from '../cfn-yaml';
import type { AuthorizationRequest } from './requests';

const ROOT = join(__dirname, '..', '..', '..');

/** A role as deployed: its ARN and its inline policies, resolved. */
export interface DeployedRole {
  readonly arn: string;
  readonly accountId: string;
  readonly policies: { name: string; policy: { Version: string; Statement: unknown[] } }[];
}

export interface Deployment {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  readonly stackName: string;
  /** Parameter values; the template's defaults fill the rest. */
  readonly parameters?: Record<string, string>;
}

/** The provider role of template.yaml, deployed with these parameters (a hub's role is named vpce-provisioner-hub-<Region>). */
export function providerRole(deployment: Deployment): DeployedRole {
  return deployedRole(loadCfnTemplate(join(ROOT, 'template.yaml')), 'ProviderRole', deployment, `${deployment.stackName}-ProviderRole-1A2B3C4D5E6F`);
}

/** The spoke role of examples/spoke/spoke-role.yaml, deployed in a member account (once; it serves every Region). */
export function spokeRole(deployment: Deployment): DeployedRole {
  const template = loadCfnTemplate(join(ROOT, 'examples/spoke/spoke-role.yaml'));
  return deployedRole(template, 'SpokeRole', deployment, 'unnamed');
}

/** The spoke role's trust policy as deployed (it names the hub account, its hub roles' name pattern and the external ID). */
export function spokeTrustPolicy(deployment: Deployment): { Version: string; Statement: unknown[] } {
  const template = loadCfnTemplate(join(ROOT, 'examples/spoke/spoke-role.yaml'));
  const { variables, conditions } = scope(template, deployment);
  return resolve(template.Resources['SpokeRole']?.Properties?.['AssumeRolePolicyDocument'] as CfnValue, variables, conditions) as { Version: string; Statement: unknown[] };
}

function scope(template: CfnTemplate, deployment: Deployment) {
  const parameters: Record<string, string> = {};
  for (const [name, parameter] of Object.entries(template.Parameters ?? {})) parameters[name] = String(deployment.parameters?.[name] ?? parameter.Default ?? '');
  const variables: Record<string, string> = {
    ...parameters,
    'AWS::Partition': deployment.partition,
    'AWS::Region': deployment.region,
    'AWS::AccountId': deployment.accountId,
    'AWS::StackName': deployment.stackName,
    'ProviderLogGroup.Arn': `arn:${deployment.partition}:logs:${deployment.region}:${deployment.accountId}:log-group:/aws/lambda/${deployment.stackName}-provider:*`,
  };
  const conditions = (name: string): boolean => evaluateCondition(template.Conditions?.[name] as CfnValue, variables);
  return { variables, conditions };
}

/** `RoleName` as deployed, else the name CloudFormation would generate (`generatedName`). */
function deployedRole(template: CfnTemplate, logicalId: string, deployment: Deployment, generatedName: string): DeployedRole {
  const { variables, conditions } = scope(template, deployment);
  const named = resolve((template.Resources[logicalId]?.Properties?.['RoleName'] ?? { Ref: 'AWS::NoValue' }) as CfnValue, variables, conditions);
  const roleName = typeof named === 'string' ? named : generatedName;
  const resolved = resolve(template.Resources[logicalId]?.Properties?.['Policies'] as CfnValue, variables, conditions) as {
    PolicyName: string;
    PolicyDocument: { Version: string; Statement: unknown[] };
  }[];
  return {
    arn: `arn:${deployment.partition}:iam::${deployment.accountId}:role/${roleName}`,
    accountId: deployment.accountId,
    policies: resolved.map((policy) => ({ name: policy.PolicyName, policy: policy.PolicyDocument })),
  };
}

const NO_VALUE = Symbol('AWS::NoValue');

function resolve(value: CfnValue, variables: Record<string, string>, condition: (name: string) => boolean): unknown {
  if (Array.isArray(value)) return value.map((item) => resolve(item, variables, condition)).filter((item) => item !== NO_VALUE);
  if (value === null || typeof value !== 'object') return value;
  if ('Ref' in value) {
    if (value['Ref'] === 'AWS::NoValue') return NO_VALUE;
    return lookup(variables, String(value['Ref']));
  }
  if ('Fn::Sub' in value) return String(value['Fn::Sub']).replace(/\$\{([^}]+)\}/g, (_match, name: string) => lookup(variables, name));
  if ('Fn::GetAtt' in value) return lookup(variables, (value['Fn::GetAtt'] as string[]).join('.'));
  if ('Fn::If' in value) {
    const [name, whenTrue, whenFalse] = value['Fn::If'] as [string, CfnValue, CfnValue];
    return resolve(condition(name) ? whenTrue : whenFalse, variables, condition);
  }
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, resolve(inner, variables, condition)]));
}

function lookup(variables: Record<string, string>, name: string): string {
  const value = variables[name];
  if (value === undefined) throw new Error(`cannot resolve ${name} in a policy`);
  return value;
}

/** Fn::Not, Fn::Equals, Fn::And, Fn::Or over Ref: what the templates' Conditions use. */
function evaluateCondition(expression: CfnValue, variables: Record<string, string>): boolean {
  if (expression === null || typeof expression !== 'object' || Array.isArray(expression)) throw new Error(`unsupported condition ${JSON.stringify(expression)}`);
  const operand = (inner: CfnValue): unknown => (inner !== null && typeof inner === 'object' && !Array.isArray(inner) && 'Ref' in inner ? lookup(variables, String(inner['Ref'])) : inner);
  if ('Fn::Not' in expression) return !evaluateCondition((expression['Fn::Not'] as CfnValue[])[0] as CfnValue, variables);
  if ('Fn::Equals' in expression) {
    const [left, right] = expression['Fn::Equals'] as CfnValue[];
    return operand(left as CfnValue) === operand(right as CfnValue);
  }
  if ('Fn::And' in expression) return (expression['Fn::And'] as CfnValue[]).every((inner) => evaluateCondition(inner, variables));
  if ('Fn::Or' in expression) return (expression['Fn::Or'] as CfnValue[]).some((inner) => evaluateCondition(inner, variables));
  throw new Error(`unsupported condition ${JSON.stringify(expression)}`);
}

/** What the engine decided, with the context keys it ignored as not applying to the action and resource type. */
export interface Decision {
  readonly result: 'Allowed' | 'ImplicitlyDenied' | 'ExplicitlyDenied';
  readonly ignoredContextKeys: string[];
}

/**
 * Evaluates one request against the role's identity policies and, for a cross-account request (AssumeRole of a spoke
 * role), the resource's policy (the role's trust policy). EC2 and CloudFormation reads involve no resource policy.
 *
 * @throws when the engine refuses the request as malformed (an action, resource type or context key the reference
 * does not know): a modelling error, never read as a denial.
 */
export async function decide(role: DeployedRole, request: AuthorizationRequest, resourcePolicy?: { Version: string; Statement: unknown[] }): Promise<Decision> {
  const outcome = await runSimulation(
    {
      identityPolicies: role.policies,
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy,
      request: {
        action: request.action,
        principal: role.arn,
        resource: { resource: request.resource, accountId: request.resourceAccount },
        contextVariables: request.context,
      },
    },
    {},
  );
  if (outcome.resultType === 'error') throw new Error(`the IAM engine refused ${JSON.stringify(request)}: ${JSON.stringify(outcome.errors)}`);
  if (outcome.resultType !== 'single') throw new Error(`unexpected ${outcome.resultType} simulation for ${JSON.stringify(request)}`);
  return { result: outcome.overallResult as Decision['result'], ignoredContextKeys: outcome.result.ignoredContextKeys ?? [] };
}

/** Every action a role's policies allow (exact names; the templates use no action wildcards). */
export function grantedActions(role: DeployedRole): string[] {
  const actions = role.policies.flatMap((policy) =>
    (policy.policy.Statement as { Effect: string; Action: string | string[] }[]).filter((statement) => statement.Effect === 'Allow').flatMap((statement) => [statement.Action].flat()),
  );
  return [...new Set(actions)].sort();
}
