/**
 * Test data from the model: a value for a shape with every member filled (lists of two, awkward
 * characters in strings, alternating booleans, Dates with milliseconds), so a round-trip test can
 * cover every operation and every field without anyone writing 800 fixtures by hand.
 */
import type { NormalizedSchema } from '@smithy/core/schema';

/** Strings carry the characters XML and form encoding must escape, and some non-ASCII. */
const AWKWARD = `<&>"' +%=? ü→`;
const BASE_TIME_MS = Date.UTC(2026, 0, 1);

/**
 * Builds a sample value for `schema`. Deterministic: the same schema gives the same value.
 * Recursive shapes stop where a shape would contain itself (the member is left out).
 *
 * @example
 * sampleFor(findOperationShapes('DescribeVpcs')!.output)
 * // { NextToken: 'NextToken-1 <&>…', Vpcs: [{ OwnerId: …, CidrBlockAssociationSet: [{ … }, { … }], … }, { … }] }
 */
export function sampleFor(schema: NormalizedSchema): Record<string, unknown> {
  const counter = { n: 0 };
  const value = sample(schema, 'root', counter, []);
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

function sample(schema: NormalizedSchema, label: string, counter: { n: number }, path: string[]): unknown {
  const n = ++counter.n;
  if (schema.isStructSchema()) {
    const name = schema.getName(true) ?? label;
    if (path.includes(name)) return undefined;
    const out: Record<string, unknown> = {};
    for (const [memberName, member] of schema.structIterator()) {
      const v = sample(member, memberName, counter, [...path, name]);
      if (v !== undefined) out[memberName] = v;
    }
    return out;
  }
  if (schema.isListSchema()) {
    const item = schema.getValueSchema();
    const items = [sample(item, label, counter, path), sample(item, label, counter, path)];
    return items.every((i) => i !== undefined) ? items : undefined;
  }
  if (schema.isMapSchema()) {
    const value = schema.getValueSchema();
    return { [`${label}-key-${n}`]: sample(value, label, counter, path), [`${label}-other-${n}`]: sample(value, label, counter, path) };
  }
  if (schema.isBooleanSchema()) return n % 2 === 0;
  if (schema.isNumericSchema()) return n % 3 === 0 ? n + 0.5 : n;
  if (schema.isTimestampSchema()) return new Date(BASE_TIME_MS + n * 1000 + 123);
  if (schema.isBlobSchema()) return new Uint8Array([0, 255, n % 256]);
  if (schema.isStringSchema()) return `${label}-${n} ${AWKWARD}`;
  // Documents, big numbers and the like do not occur in the EC2 model; leave them out.
  return undefined;
}
