/**
 * The grammar EC2 holds an endpoint policy to: an IAM policy document (aws-facts, "Interface endpoints": a bad one gives
 * InvalidPolicyDocument after subnets and the group are already made). Checking it while reading the properties turns
 * that late failure into a FAILED answer with zero writes. Pure.
 *
 * The grammar is IAM's ("Grammar of the IAM JSON policy language", IAM User Guide): Version 2012-10-17 or 2008-10-17;
 * Statement one object or a non-empty list; each statement Effect Allow|Deny, exactly one of Action/NotAction and of
 * Resource/NotResource (a string or a list of strings), at most one of Principal/NotPrincipal ("*" or an object of
 * principal lists), and Condition an object of operators, each mapping condition keys to values.
 */
import { describeValue } from './describe-value';
import { isPlainObject } from './readers';

const VERSIONS = ['2012-10-17', '2008-10-17'];
const TOP_LEVEL_KEYS = ['Version', 'Id', 'Statement'];
const STATEMENT_KEYS = ['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'];

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
