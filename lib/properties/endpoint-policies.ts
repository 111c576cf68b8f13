/**
 * The EndpointPolicies property: service name → endpoint policy. In a template a policy is most
 * naturally written as YAML (CloudFormation then passes an object with string leaves); callers that
 * hold JSON text pass the text. Either way the spec carries JSON text, which is what EC2 takes.
 */
import { describeValue } from './describe-value';
import { gatewayPolicyProblems, policyGrammarProblems } from './policy-grammar';
import { countingReport, got, INVALID, isAbsent, isPlainObject, valid, type Parsed, type Report } from './readers';

/** EC2's limit on the size of an endpoint policy document. */
export const MAX_POLICY_CHARS = 20_480;

/**
 * Reads the policy map; `undefined` when not given. Checks each policy on its own, and a policy keyed by one of
 * `gatewayServices` (the names as written in GatewayServices) also as a gateway endpoint's policy, whose Principal EC2
 * holds to "*" ({@link gatewayPolicyProblems}); whether the keys name listed services is the caller's business.
 *
 * Text policies are kept exactly as written (EC2 stores the document as given); object policies are
 * serialised with `JSON.stringify`.
 *
 * @example
 * readEndpointPolicies('EndpointPolicies', { 'ecr.api': { Statement: { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' } } }, ['s3'], report)
 * // => valid({ 'ecr.api': '{"Statement":{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}}' })
 */
export function readEndpointPolicies(
  property: string,
  raw: unknown,
  gatewayServices: readonly string[],
  report: Report,
): Parsed<Readonly<Record<string, string>> | undefined> {
  if (isAbsent(raw)) return valid(undefined);
  if (!isPlainObject(raw)) {
    report(`${property} must be an object mapping service names to policy documents; ${got(raw)}.`);
    return INVALID;
  }
  const counted = countingReport(report);
  const entries: [string, string][] = [];
  for (const [service, policy] of Object.entries(raw)) {
    const text = policyText(`${property}[${describeValue(service)}]`, policy, gatewayServices.includes(service), counted.report);
    if (text !== undefined) entries.push([service, text]);
  }
  // fromEntries defines own properties, so a key such as "__proto__" cannot reach the prototype.
  return counted.count() === 0 ? valid(Object.fromEntries(entries)) : INVALID;
}

/** The policy as JSON text, or undefined after reporting why it is not a usable policy. */
function policyText(label: string, policy: unknown, forGateway: boolean, report: Report): string | undefined {
  let text: string;
  let document: Record<string, unknown>;
  if (typeof policy === 'string') {
    const parsed = parseJson(policy);
    if (!isPlainObject(parsed)) {
      report(`${label} must be the JSON text of a policy object; ${describeValue(policy)} is not.`);
      return undefined;
    }
    text = policy;
    document = parsed;
  } else if (isPlainObject(policy)) {
    text = JSON.stringify(policy);
    document = policy;
  } else {
    report(`${label} must be a policy document (an object, or its JSON text); ${got(policy)}.`);
    return undefined;
  }
  const length = Array.from(text).length;
  if (length > MAX_POLICY_CHARS) {
    report(`${label} is ${length} characters long as JSON; EC2 allows at most ${MAX_POLICY_CHARS} (${describeValue(text)}).`);
    return undefined;
  }
  // EC2 validates endpoint policies as IAM policy documents (aws-facts): every departure is named here, before any write.
  const grammar = policyGrammarProblems(document);
  for (const problem of grammar) report(`${label} is not a valid IAM policy: ${problem}.`);
  const gateway = forGateway ? gatewayPolicyProblems(document) : [];
  for (const problem of gateway) report(`${label} is not a valid gateway endpoint policy: ${problem}.`);
  return grammar.length === 0 && gateway.length === 0 ? text : undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
