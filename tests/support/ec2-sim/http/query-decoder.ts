/**
 * EC2 Query request → SDK-shaped input. The wire form is flat (`Filter.1.Value.2=…`); we first fold
 * the dotted keys into a tree, then walk the operation's input schema over it, so member names,
 * list indices and value types all come from the model rather than from the parameter spelling.
 */
import type { NormalizedSchema } from '@smithy/core/schema';
import { queryParameterName, timestampFormat } from './operation-schema';

/** A request parameter the model cannot read (a number that is not one, a bad boolean, …). */
export class QueryDecodeError extends Error {
  override readonly name = 'QueryDecodeError';
  constructor(readonly parameter: string, message: string) {
    super(message);
  }
}

/** One level of the dotted parameter tree: `Filter.1.Name=x` is root → Filter → 1 → Name (value x). */
interface ParamNode {
  value?: string;
  readonly path: string;
  readonly children: Map<string, ParamNode>;
}

function newNode(path: string): ParamNode {
  return { path, children: new Map() };
}

/** Folds flat `a.b.c=v` pairs into a tree (later duplicates win, as with any form decoder). */
export function foldParameters(params: Iterable<readonly [string, string]>): ParamNode {
  const root = newNode('');
  for (const [key, value] of params) {
    let node = root;
    for (const segment of key.split('.')) {
      let child = node.children.get(segment);
      if (!child) {
        child = newNode(node.path ? `${node.path}.${segment}` : segment);
        node.children.set(segment, child);
      }
      node = child;
    }
    node.value = value;
  }
  return root;
}

/**
 * Decodes the parameters of one request into the input object the SDK command was built from.
 * `Action` and `Version` are protocol framing, not input members, and are ignored like any
 * parameter the model does not know.
 *
 * @example
 * decodeQueryInput(findOperationShapes('DescribeVpcs')!.input,
 *   new URLSearchParams('Filter.1.Name=vpc-id&Filter.1.Value.1=vpc-1&MaxResults=5'));
 * // { Filters: [{ Name: 'vpc-id', Values: ['vpc-1'] }], MaxResults: 5 }
 */
export function decodeQueryInput(schema: NormalizedSchema, params: Iterable<readonly [string, string]>): Record<string, unknown> {
  return decodeStructure(schema, foldParameters(params));
}

function decodeStructure(schema: NormalizedSchema, node: ParamNode): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [memberName, member] of schema.structIterator()) {
    const child = node.children.get(queryParameterName(memberName, member));
    if (child) out[memberName] = decodeValue(member, child);
  }
  return out;
}

function decodeValue(schema: NormalizedSchema, node: ParamNode): unknown {
  if (schema.isListSchema()) return decodeList(schema, node);
  if (schema.isMapSchema()) return decodeMap(schema, node);
  if (schema.isStructSchema()) return decodeStructure(schema, node);
  return decodeScalar(schema, node);
}

/** Lists are flattened in EC2 (`Name.1`, `Name.2`, …, 1-based); order follows the index, not arrival. */
function decodeList(schema: NormalizedSchema, node: ParamNode): unknown[] {
  const item = schema.getValueSchema();
  return [...node.children.entries()]
    .filter(([index]) => /^[1-9][0-9]*$/.test(index))
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([, child]) => decodeValue(item, child));
}

/** Maps are `Name.entry.N.key`/`.value` (or `Name.N.key` when flattened); EC2 inputs rarely have any. */
function decodeMap(schema: NormalizedSchema, node: ParamNode): Record<string, unknown> {
  const keyName = traitName(schema.getKeySchema(), 'key');
  const valueName = traitName(schema.getValueSchema(), 'value');
  const entries = node.children.get('entry') ?? node;
  const out: Record<string, unknown> = {};
  for (const [, entry] of [...entries.children.entries()].sort(([a], [b]) => Number(a) - Number(b))) {
    const key = entry.children.get(keyName)?.value;
    const value = entry.children.get(valueName);
    if (key !== undefined && value) out[key] = decodeValue(schema.getValueSchema(), value);
  }
  return out;
}

function traitName(schema: NormalizedSchema, fallback: string): string {
  const { ec2QueryName, xmlName } = schema.getMergedTraits();
  if (typeof ec2QueryName === 'string') return ec2QueryName;
  return typeof xmlName === 'string' ? xmlName : fallback;
}

function decodeScalar(schema: NormalizedSchema, node: ParamNode): unknown {
  const raw = node.value ?? '';
  if (schema.isBooleanSchema()) {
    if (raw === 'true') return true;
    if (raw === 'false') return false;
    throw new QueryDecodeError(node.path, `Value (${raw}) for parameter ${node.path} is invalid. Expected: 'true' or 'false'.`);
  }
  if (schema.isNumericSchema()) {
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(n)) {
      throw new QueryDecodeError(node.path, `Value (${raw}) for parameter ${node.path} is invalid. Expected a number.`);
    }
    return n;
  }
  if (schema.isBigIntegerSchema()) {
    try {
      return BigInt(raw);
    } catch {
      throw new QueryDecodeError(node.path, `Value (${raw}) for parameter ${node.path} is invalid. Expected an integer.`);
    }
  }
  if (schema.isTimestampSchema()) return decodeTimestamp(schema, node, raw);
  if (schema.isBlobSchema()) return new Uint8Array(Buffer.from(raw, 'base64'));
  // Strings, big decimals and documents travel as the text they were given.
  return raw;
}

function decodeTimestamp(schema: NormalizedSchema, node: ParamNode, raw: string): Date {
  const ms = timestampFormat(schema) === 'epoch-seconds' ? Number(raw) * 1000 : Date.parse(raw);
  if (!Number.isFinite(ms)) {
    throw new QueryDecodeError(node.path, `Value (${raw}) for parameter ${node.path} is invalid. Expected a timestamp.`);
  }
  return new Date(ms);
}
