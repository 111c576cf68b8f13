/**
 * The grammar EC2 holds an endpoint policy to: an IAM policy document (aws-facts, "Interface endpoints": a bad one gives
 * InvalidPolicyDocument after subnets and the group are already made). Checking it while reading the properties turns
 * that late failure into a FAILED answer with zero writes. Pure.
 *
 * The grammar is IAM's ("Grammar of the IAM JSON policy language", IAM User Guide): Version 2012-10-17 or 2008-10-17;
 * Statement one object or a non-empty list; each statement Effect Allow|Deny, exactly one of Action/NotAction and of
 * Resource/NotResource (a string or a list of strings), at most one of Principal/NotPrincipal ("*" or an object of
 * principal lists), and Condition an object of operators, each mapping condition keys to values.
 *
 * An endpoint policy asks more than IAM's grammar (PrivateLink guide, "Control access to VPC endpoints using endpoint
 * policies"): every statement names a Principal (or NotPrincipal); a gateway endpoint's statements say "Principal": "*"
 * ({@link gatewayPolicyProblems}); and the global keys holding system-generated identifiers take neither wildcards nor
 * numeric operators.
 */
import { describeValue } from './describe-value';
import { isPlainObject } from './readers';

const VERSIONS = ['2012-10-17', '2008-10-17'];
const TOP_LEVEL_KEYS = ['Version', 'Id', 'Statement'];
const STATEMENT_KEYS = ['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'];
/**
 * The global condition keys that hold system-generated identifiers (lower case: condition keys are case-insensitive).
 * The guide names aws:PrincipalAccount and aws:SourceVpc "for example"; the rest is our reading of the phrase (account,
 * VPC, endpoint and organization IDs). Keys that hold paths or ARNs a user writes (aws:PrincipalOrgPaths,
 * aws:PrincipalArn) keep their wildcards: refusing a policy EC2 takes would block a valid deployment.
 */
const SYSTEM_IDENTIFIER_KEYS = [
  'aws:principalaccount',
  'aws:sourceaccount',
  'aws:resourceaccount',
  'aws:vpceaccount',
  'aws:sourcevpc',
  'aws:sourcevpce',
  'aws:principalorgid',
  'aws:resourceorgid',
  'aws:sourceorgid',
  'aws:vpceorgid',
];

/**
 * Every way the parsed document departs from the grammar, each a phrase to follow the policy's label. Empty when it is
 * a policy EC2 accepts as far as its shape goes (what the actions and ARNs mean is the service's business).
 *
 * @example
 * policyGrammarProblems({ Statement: [{ Effect: 'Permit', Action: '*', Resource: '*' }] })
 * // => ['Statement[0]: Effect "Permit" must be "Allow" or "Deny"']
 */
export function policyGrammarProblems(document: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(document)) {
    if (!TOP_LEVEL_KEYS.includes(key)) problems.push(`has an unknown field ${describeValue(key)} (a policy has Version, Id and Statement)`);
  }
  const version = document['Version'];
  if (version !== undefined && !VERSIONS.includes(version as string)) {
    problems.push(`Version ${describeValue(version)} must be "2012-10-17" (or the older "2008-10-17")`);
  }
  const statement = document['Statement'];
  if (statement === undefined) {
    problems.push('has no Statement');
    return problems;
  }
  const statements = Array.isArray(statement) ? statement : [statement];
  if (statements.length === 0) problems.push('Statement must not be empty');
  statements.forEach((item, index) => {
    const label = Array.isArray(statement) ? `Statement[${index}]` : 'Statement';
    problems.push(...statementProblems(item).map((problem) => `${label}: ${problem}`));
  });
  return problems;
}

/**
 * What a gateway endpoint's policy needs beyond {@link policyGrammarProblems}: every statement says "Principal": "*"
 * (PrivateLink guide, "Principals for gateway endpoints": "you must set the Principal element to *"; principals are
 * named with the aws:PrincipalArn condition key instead). `{"AWS": "*"}` is refused too: the guide asks for "*".
 *
 * @example
 * gatewayPolicyProblems({ Statement: [{ Effect: 'Allow', Principal: { AWS: '111122223333' }, Action: 's3:*', Resource: '*' }] })
 * // => ['Statement[0]: a gateway endpoint\'s policy must say "Principal": "*" and name principals with the aws:PrincipalArn condition key; got {"AWS":"111122223333"}']
 */
export function gatewayPolicyProblems(document: Record<string, unknown>): string[] {
  const statement = document['Statement'];
  const statements = Array.isArray(statement) ? statement : [statement];
  return statements.flatMap((item, index) => {
    if (!isPlainObject(item) || item['Principal'] === '*') return [];
    const label = Array.isArray(statement) ? `Statement[${index}]` : 'Statement';
    const written = item['Principal'] === undefined && item['NotPrincipal'] !== undefined ? `NotPrincipal ${describeValue(item['NotPrincipal'])}` : describeValue(item['Principal']);
    return [`${label}: a gateway endpoint's policy must say "Principal": "*" and name principals with the aws:PrincipalArn condition key; got ${written}`];
  });
}

function statementProblems(statement: unknown): string[] {
  if (!isPlainObject(statement)) return [`must be an object; got ${describeValue(statement)}`];
  const problems: string[] = [];
  for (const key of Object.keys(statement)) {
    if (!STATEMENT_KEYS.includes(key)) problems.push(`unknown field ${describeValue(key)} (a statement has ${STATEMENT_KEYS.join(', ')})`);
  }
  const effect = statement['Effect'];
  if (effect === undefined) problems.push('has no Effect ("Allow" or "Deny")');
  else if (effect !== 'Allow' && effect !== 'Deny') problems.push(`Effect ${describeValue(effect)} must be "Allow" or "Deny"`);
  for (const [positive, negative] of [
    ['Action', 'NotAction'],
    ['Resource', 'NotResource'],
  ] as const) {
    const present = [positive, negative].filter((key) => statement[key] !== undefined);
    if (present.length === 0) problems.push(`needs ${positive} or ${negative}`);
    if (present.length === 2) problems.push(`has both ${positive} and ${negative}; keep one`);
    for (const key of present) {
      if (!isStringOrStrings(statement[key])) problems.push(`${key} must be a string or a non-empty list of strings; got ${describeValue(statement[key])}`);
    }
  }
  if (statement['Principal'] === undefined && statement['NotPrincipal'] === undefined) {
    problems.push('has no Principal; an endpoint policy names one in every statement ("*" for any principal, or {"AWS": ["arn:…"]})');
  }
  if (statement['Principal'] !== undefined && statement['NotPrincipal'] !== undefined) problems.push('has both Principal and NotPrincipal; keep one');
  for (const key of ['Principal', 'NotPrincipal']) {
    const principal = statement[key];
    if (principal === undefined || principal === '*') continue;
    if (!isPlainObject(principal) || !Object.values(principal).every(isStringOrStrings)) {
      problems.push(`${key} must be "*" or an object such as {"AWS": ["arn:…"]}; got ${describeValue(principal)}`);
    }
  }
  const condition = statement['Condition'];
  if (condition !== undefined) {
    const wellFormed =
      isPlainObject(condition) &&
      Object.values(condition).every((block) => isPlainObject(block) && Object.values(block).every(isScalarOrScalars));
    if (!wellFormed) {
      problems.push(`Condition must map operators to condition keys and values, as in {"StringEquals": {"aws:PrincipalOrgID": "o-…"}}; got ${describeValue(condition)}`);
    } else {
      problems.push(...systemIdentifierProblems(condition as Record<string, Record<string, unknown>>));
    }
  }
  return problems;
}

/** Wildcards and numeric operators on the keys that hold system-generated identifiers, which endpoint policies refuse. */
function systemIdentifierProblems(condition: Record<string, Record<string, unknown>>): string[] {
  const problems: string[] = [];
  for (const [operator, block] of Object.entries(condition)) {
    const base = operator.replace(/^For(AllValues|AnyValue):/i, '').replace(/IfExists$/i, '');
    for (const [key, value] of Object.entries(block)) {
      if (!SYSTEM_IDENTIFIER_KEYS.includes(key.toLowerCase())) continue;
      if (/^Numeric/i.test(base)) {
        problems.push(`Condition ${operator} on ${key}: an endpoint policy takes no numeric operator on a key holding a system-generated ID; use StringEquals`);
      }
      const values = Array.isArray(value) ? value : [value];
      const wild = values.find((item) => typeof item === 'string' && /[*?]/.test(item));
      if (wild !== undefined) {
        problems.push(`Condition ${operator} on ${key}: an endpoint policy takes no wildcard (* or ?) on a key holding a system-generated ID; got ${describeValue(wild)}`);
      }
    }
  }
  return problems;
}

function isStringOrStrings(value: unknown): boolean {
  return typeof value === 'string' || (Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string'));
}

function isScalarOrScalars(value: unknown): boolean {
  const scalar = (item: unknown) => ['string', 'number', 'boolean'].includes(typeof item);
  return scalar(value) || (Array.isArray(value) && value.length > 0 && value.every(scalar));
}
