/**
 * SDK-shaped output → EC2 response XML. Walks the operation's output schema, so every member is
 * written under the name the SDK's XML deserializer will look for (`Vpcs` → `<vpcSet><item>…`).
 * Members the model does not know are dropped, as the real client would ignore them anyway.
 */
import type { NormalizedSchema } from '@smithy/core/schema';
import { isXmlFlattened, timestampFormat, xmlElementName, xmlListItemName } from './operation-schema';

/** The namespace of every EC2 response document (API version 2016-11-15). */
export const EC2_XML_NAMESPACE = 'http://ec2.amazonaws.com/doc/2016-11-15/';

const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  // A bare CR would be folded into LF by any XML parser; the character reference survives.
  '\r': '&#13;',
};

/** Escapes text for element content or attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"'\r]/g, (c) => XML_ESCAPES[c] ?? c);
}

/**
 * The complete response document of a successful call.
 *
 * @example
 * encodeResponseXml('DescribeVpcs', findOperationShapes('DescribeVpcs')!.output, { Vpcs: [{ VpcId: 'vpc-1' }] }, 'req-1');
 * // <DescribeVpcsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>req-1</requestId>
 * //   <vpcSet><item><vpcId>vpc-1</vpcId></item></vpcSet></DescribeVpcsResponse>   (without the line break)
 */
export function encodeResponseXml(action: string, schema: NormalizedSchema, output: Record<string, unknown>, requestId: string): string {
  const root = `${action}Response`;
  const body = schema.isStructSchema() ? encodeMembers(schema, output) : '';
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${EC2_XML_NAMESPACE}"><requestId>${escapeXml(requestId)}</requestId>${body}</${root}>`;
}

function encodeMembers(schema: NormalizedSchema, value: Record<string, unknown>): string {
  let xml = '';
  for (const [memberName, member] of schema.structIterator()) {
    const memberValue = value[memberName];
    if (memberValue !== undefined && memberValue !== null) xml += encodeElement(member, memberValue, xmlElementName(memberName, member));
  }
  return xml;
}

function element(tag: string, content: string): string {
  return content === '' ? `<${tag}/>` : `<${tag}>${content}</${tag}>`;
}

function encodeElement(schema: NormalizedSchema, value: unknown, tag: string): string {
  if (schema.isListSchema()) return encodeList(schema, value, tag);
  if (schema.isMapSchema()) return encodeMap(schema, value, tag);
  if (schema.isStructSchema()) return element(tag, isRecord(value) ? encodeMembers(schema, value) : '');
  return element(tag, escapeXml(scalarText(schema, value)));
}

function encodeList(schema: NormalizedSchema, value: unknown, tag: string): string {
  const items = Array.isArray(value) ? value.filter((v) => v !== undefined && v !== null) : [];
  const itemSchema = schema.getValueSchema();
  if (isXmlFlattened(schema)) return items.map((item) => encodeElement(itemSchema, item, tag)).join('');
  const itemTag = xmlListItemName(schema);
  return element(tag, items.map((item) => encodeElement(itemSchema, item, itemTag)).join(''));
}

function encodeMap(schema: NormalizedSchema, value: unknown, tag: string): string {
  const keyTag = nameOr(schema.getKeySchema(), 'key');
  const valueTag = nameOr(schema.getValueSchema(), 'value');
  const entries = isRecord(value) ? Object.entries(value).filter(([, v]) => v !== undefined && v !== null) : [];
  const encoded = entries.map(
    ([k, v]) => `${element(keyTag, escapeXml(k))}${encodeElement(schema.getValueSchema(), v, valueTag)}`,
  );
  if (isXmlFlattened(schema)) return encoded.map((entry) => element(tag, entry)).join('');
  return element(tag, encoded.map((entry) => element('entry', entry)).join(''));
}

function nameOr(schema: NormalizedSchema, fallback: string): string {
  const { xmlName } = schema.getMergedTraits();
  return typeof xmlName === 'string' ? xmlName : fallback;
}

function scalarText(schema: NormalizedSchema, value: unknown): string {
  if (schema.isTimestampSchema()) return timestampText(schema, value);
  if (schema.isBlobSchema() && value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (schema.isDocumentSchema() && typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function timestampText(schema: NormalizedSchema, value: unknown): string {
  const date = value instanceof Date ? value : new Date(value as string | number);
  switch (timestampFormat(schema)) {
    case 'epoch-seconds':
      return String(date.getTime() / 1000);
    case 'http-date':
      return date.toUTCString();
    default:
      return date.toISOString();
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
