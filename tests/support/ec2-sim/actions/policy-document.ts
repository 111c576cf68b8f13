/**
 * EC2 validates an endpoint policy as an IAM policy document and answers InvalidPolicyDocument ("The Policy Document is
 * not valid. …") when it is not one (aws-facts.md, "Interface endpoints"; the message as quoted in
 * terraform-provider-aws #42291). The grammar is IAM's (IAM User Guide, "Grammar of the IAM JSON policy language").
 */
import { Ec2SimError } from '../errors';

const VERSIONS = ['2012-10-17', '2008-10-17'];
const TOP_LEVEL_KEYS = ['Version', 'Id', 'Statement'];
const STATEMENT_KEYS = ['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'];
/**
 * Global keys that hold system-generated identifiers: no wildcards, no numeric operators (PrivateLink guide, "Control
 * access to VPC endpoints using endpoint policies", which names aws:PrincipalAccount and aws:SourceVpc as examples; the
 * rest of this list is our reading of "system-generated identifiers": account, VPC, endpoint and organization IDs).
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

/** Throws InvalidPolicyDocument naming the first problem found, as EC2 names one. */
export function checkPolicyDocument(text: string, endpointType: 'Interface' | 'Gateway'): void {
  const problem = firstProblem(text, endpointType);
  if (problem !== undefined) throw new Ec2SimError('InvalidPolicyDocument', `The Policy Document is not valid. ${problem}`);
}

function firstProblem(text: string, endpointType: 'Interface' | 'Gateway'): string | undefined {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    return 'Syntax error: the document is not JSON.';
  }
  if (!isObject(document)) return 'The document must be a JSON object.';
  const unknownKey = Object.keys(document).find((key) => !TOP_LEVEL_KEYS.includes(key));
  if (unknownKey !== undefined) return `Unknown field ${unknownKey}.`;
  if (document['Version'] !== undefined && !VERSIONS.includes(document['Version'] as string)) return 'Invalid Version.';
  const statements = document['Statement'];
  if (statements === undefined) return 'Missing required field Statement.';
  const list = Array.isArray(statements) ? statements : [statements];
  if (list.length === 0) return 'Statement must not be empty.';
  for (const statement of list) {
    const problem = statementProblem(statement) ?? endpointProblem(statement as Record<string, unknown>, endpointType);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

/** What an endpoint policy needs beyond IAM's grammar (PrivateLink guide, "Control access to VPC endpoints using endpoint policies"). */
function endpointProblem(statement: Record<string, unknown>, endpointType: 'Interface' | 'Gateway'): string | undefined {
  // "It must contain a Principal element."
  if (statement['Principal'] === undefined && statement['NotPrincipal'] === undefined) return 'Missing required field Principal.';
  // "For gateway endpoints, you must set the Principal element to *."
  if (endpointType === 'Gateway' && statement['Principal'] !== '*') return 'The Principal of a gateway endpoint policy must be "*".';
  for (const [operator, block] of Object.entries((statement['Condition'] ?? {}) as Record<string, Record<string, unknown>>)) {
    const base = operator.replace(/^For(AllValues|AnyValue):/i, '').replace(/IfExists$/i, '');
    for (const [key, value] of Object.entries(block)) {
      if (!SYSTEM_IDENTIFIER_KEYS.includes(key.toLowerCase())) continue;
      if (/^Numeric/i.test(base)) return `The condition key ${key} cannot be used with the numeric operator ${operator}.`;
      const values = Array.isArray(value) ? value : [value];
      if (values.some((item) => typeof item === 'string' && /[*?]/.test(item))) return `The condition key ${key} cannot take wildcard characters.`;
    }
  }
  return undefined;
}

function statementProblem(statement: unknown): string | undefined {
  if (!isObject(statement)) return 'Each Statement must be an object.';
  const unknownKey = Object.keys(statement).find((key) => !STATEMENT_KEYS.includes(key));
  if (unknownKey !== undefined) return `Unknown field ${unknownKey}.`;
  if (statement['Effect'] !== 'Allow' && statement['Effect'] !== 'Deny') return 'Effect must be Allow or Deny.';
  const pairs: [string, string][] = [
    ['Action', 'NotAction'],
    ['Resource', 'NotResource'],
  ];
  for (const [positive, negative] of pairs) {
    const count = [positive, negative].filter((key) => statement[key] !== undefined).length;
    if (count !== 1) return `A statement needs exactly one of ${positive} and ${negative}.`;
    const value = statement[positive] ?? statement[negative];
    if (!isStringOrStrings(value)) return `${positive} must be a string or a list of strings.`;
  }
  if (statement['Principal'] !== undefined && statement['NotPrincipal'] !== undefined) return 'Principal and NotPrincipal cannot be combined.';
  const principal = statement['Principal'] ?? statement['NotPrincipal'];
  if (principal !== undefined && principal !== '*' && !(isObject(principal) && Object.values(principal).every(isStringOrStrings))) {
    return 'Principal must be "*" or an object of principal lists.';
  }
  const condition = statement['Condition'];
  if (condition !== undefined) {
    if (!isObject(condition)) return 'Condition must be an object.';
    for (const block of Object.values(condition)) {
      if (!isObject(block) || !Object.values(block).every((value) => isScalarOrScalars(value))) {
        return 'Each Condition operator must map condition keys to values.';
      }
    }
  }
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isStringOrStrings(value: unknown): boolean {
  return typeof value === 'string' || (Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string'));
}

function isScalarOrScalars(value: unknown): boolean {
  const scalar = (item: unknown) => ['string', 'number', 'boolean'].includes(typeof item);
  return scalar(value) || (Array.isArray(value) && value.every(scalar));
}
