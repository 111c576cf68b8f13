/**
 * Endpoint policies compared as documents, not as text: EC2 may re-serialize what it was given, and an endpoint
 * without a policy holds EC2's full-access default. Pure: decides whether a modification must touch the policy.
 */
import { compareText } from '../compare-text';

/** The document EC2 gives an endpoint created without a policy: full access. */
export const FULL_ACCESS_POLICY = JSON.stringify({ Version: '2008-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] });

/**
 * The policy part of a modification, or undefined when the endpoint's policy already says what is wanted. A policy no
 * longer given goes back to full access: ResetPolicy where EC2 documents it (gateway endpoints), the full-access
 * document itself for an interface endpoint (aws-facts, "Interface endpoints").
 */
export function policyChange(
  current: string | undefined,
  wanted: string | undefined,
  type: 'Interface' | 'Gateway',
): { policyDocument: string } | { resetPolicy: true } | undefined {
  if (wanted !== undefined) return policiesEquivalent(current, wanted) ? undefined : { policyDocument: wanted };
  if (isDefaultPolicy(current)) return undefined;
  return type === 'Gateway' ? { resetPolicy: true } : { policyDocument: FULL_ACCESS_POLICY };
}

/** EC2 gives endpoints without a policy one that allows everything (Version may differ). */
function isDefaultPolicy(document: string | undefined): boolean {
  if (document === undefined || document.trim() === '') return true;
  const parsed = parseJson(document) as { Statement?: unknown } | undefined;
  const statements = Array.isArray(parsed?.Statement) ? parsed.Statement : [parsed?.Statement];
  return (
    statements.length === 1 &&
    canonicalJson(statements[0]) === canonicalJson({ Action: '*', Effect: 'Allow', Principal: '*', Resource: '*' })
  );
}

/** Same document up to key order and white space (EC2 may re-serialize what it was given). */
export function policiesEquivalent(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  const parsedA = parseJson(a);
  const parsedB = parseJson(b);
  if (parsedA === undefined || parsedB === undefined) return a === b;
  return canonicalJson(parsedA) === canonicalJson(parsedB);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => compareText(a, b));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
