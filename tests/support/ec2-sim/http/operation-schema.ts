/**
 * The EC2 model, read from the SDK itself. `@aws-sdk/client-ec2` ships a schema for every operation
 * (`DescribeVpcs$`, …) that its own Query serializer and XML deserializer walk; reading the same
 * schema here keeps the server's wire names in lock-step with the client, with no per-operation table.
 */
import * as ec2 from '@aws-sdk/client-ec2';
import { NormalizedSchema } from '@smithy/core/schema';
import type { StaticOperationSchema } from '@smithy/types';

/** The input and output shapes of one EC2 operation. */
export interface OperationShapes {
  /** The action name as it appears in `Action=` and in `<{Action}Response>`. */
  readonly action: string;
  readonly input: NormalizedSchema;
  readonly output: NormalizedSchema;
}

/** Static schema id of an operation in the smithy schema tuples (`[9, namespace, name, traits, input, output]`). */
const OPERATION_SCHEMA_ID = 9;

const exportedSchemas = ec2 as unknown as Record<string, unknown>;
const cache = new Map<string, OperationShapes | undefined>();

function isOperationSchema(value: unknown): value is StaticOperationSchema {
  return Array.isArray(value) && value[0] === OPERATION_SCHEMA_ID && value.length === 6;
}

/**
 * The shapes of `action`, or `undefined` when EC2 has no such operation.
 *
 * @example
 * const shapes = findOperationShapes('DescribeVpcs');
 * shapes?.output.getMemberSchema('Vpcs').getMemberTraits().xmlName; // 'vpcSet'
 */
export function findOperationShapes(action: string): OperationShapes | undefined {
  // Only identifier-like names can be operations; this also keeps lookups off Object.prototype.
  if (!/^[A-Z][A-Za-z0-9]*$/.test(action)) return undefined;
  if (cache.has(action)) return cache.get(action);
  const schema = exportedSchemas[`${action}$`];
  const shapes = isOperationSchema(schema) && schema[2] === action
    ? { action, input: NormalizedSchema.of(schema[4]), output: NormalizedSchema.of(schema[5]) }
    : undefined;
  cache.set(action, shapes);
  return shapes;
}

/**
 * The parameter name of a structure member in an EC2 Query request: `ec2QueryName`, else the
 * capitalised `xmlName`, else the capitalised member name (the rule of the SDK's QueryShapeSerializer
 * with its EC2 settings). E.g. `Filters` → `Filter`, `SubnetIds` (CreateVpcEndpoint) → `SubnetId`.
 */
export function queryParameterName(memberName: string, member: NormalizedSchema): string {
  const { ec2QueryName, xmlName } = member.getMergedTraits();
  if (typeof ec2QueryName === 'string') return ec2QueryName;
  const name = typeof xmlName === 'string' ? xmlName : memberName;
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/**
 * The XML element name of a structure member in a response: the member's own `xmlName` trait, else
 * the member name (what the SDK's XmlShapeDeserializer looks up). E.g. `Vpcs` → `vpcSet`.
 */
export function xmlElementName(memberName: string, member: NormalizedSchema): string {
  const { xmlName } = member.getMemberTraits();
  return typeof xmlName === 'string' ? xmlName : memberName;
}

/** The element wrapping each entry of a non-flattened XML list (`item` throughout EC2). */
export function xmlListItemName(list: NormalizedSchema): string {
  const { xmlName } = list.getValueSchema().getMergedTraits();
  return typeof xmlName === 'string' ? xmlName : 'member';
}

/** Whether a list or map is written without a wrapping element (never in EC2, honoured for completeness). */
export function isXmlFlattened(schema: NormalizedSchema): boolean {
  return Boolean(schema.getMergedTraits().xmlFlattened);
}

/** How a timestamp is written on the wire. */
export type TimestampFormat = 'date-time' | 'http-date' | 'epoch-seconds';

/** The wire format of a timestamp member: its `timestampFormat` trait or schema variant, else ISO-8601 (the Query default). */
export function timestampFormat(schema: NormalizedSchema): TimestampFormat {
  const trait = schema.getMergedTraits().timestampFormat;
  if (trait === 'http-date' || trait === 'epoch-seconds' || trait === 'date-time') return trait;
  // Smithy's simple-schema ids: 5 date-time, 6 http-date, 7 epoch-seconds; 4 is "protocol default".
  const id = schema.getSchema();
  if (id === 6) return 'http-date';
  if (id === 7) return 'epoch-seconds';
  return 'date-time';
}
