/**
 * The Route 53 face of the HTTP simulator: Route 53's REST-XML protocol, read from the SDK's own model. Each operation of
 * `@aws-sdk/client-route-53` carries its HTTP binding (`POST /2013-04-01/hostedzone/{HostedZoneId}/rrset`, labels,
 * query parameters, headers) and its input and output shapes; the request is matched and decoded, and the answer
 * encoded, with the same schema (and the SDK's own XML codec) the client uses, so the wire names cannot drift from the
 * client's. The bundle tests point `AWS_ENDPOINT_URL_ROUTE_53` at the same server as `AWS_ENDPOINT_URL_EC2`.
 */
import { randomUUID } from 'node:crypto';
import * as route53 from '@aws-sdk/client-route-53';
import { XmlShapeDeserializer, XmlShapeSerializer } from '@aws-sdk/core/protocols';
import { NormalizedSchema } from '@smithy/core/schema';
import type { StaticOperationSchema } from '@smithy/types';
import { Ec2SimError } from '../errors';

const NAMESPACE = 'https://route53.amazonaws.com/doc/2013-04-01/';
export const ROUTE53_PATH_PREFIX = '/2013-04-01/';

/** Whatever answers Route 53 calls (the simulator's route53Call). */
export interface Route53CallTarget {
  route53Call(action: string, input: Record<string, unknown>, caller?: { accountId?: string }): Promise<Record<string, unknown>>;
}

export interface Route53Answer {
  readonly status: number;
  readonly body: string;
  readonly requestId: string;
  /** The operation the request named, or undefined when it matched none. */
  readonly action?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** The codec settings of the SDK's AwsRestXmlProtocol for Route 53. */
const XML_SETTINGS = { timestampFormat: { useTrait: true, default: 5 as const }, httpBindings: true, xmlNamespace: NAMESPACE, serviceNamespace: 'com.amazonaws.route53' };

interface Operation {
  readonly action: string;
  readonly method: string;
  /** Path segments after the prefix: literals, or `{Label}`. */
  readonly segments: readonly string[];
  readonly successStatus: number;
  readonly input: NormalizedSchema;
  readonly output: NormalizedSchema;
}

/** Static schema id of an operation in the smithy schema tuples (`[9, namespace, name, traits, input, output]`). */
const OPERATION_SCHEMA_ID = 9;

let operations: Operation[] | undefined;

/** Every Route 53 operation with an HTTP binding, most literal segments first (so a literal beats a label). */
function allOperations(): Operation[] {
  if (operations) return operations;
  const found: Operation[] = [];
  for (const [name, value] of Object.entries(route53 as unknown as Record<string, unknown>)) {
    if (!name.endsWith('$') || !Array.isArray(value) || value[0] !== OPERATION_SCHEMA_ID || value.length !== 6) continue;
    const schema = value as unknown as StaticOperationSchema;
    const http = (schema[3] as { http?: [string, string, number] }).http;
    if (!http) continue;
    const path = http[1].split('?')[0] as string;
    found.push({
      action: schema[2],
      method: http[0],
      segments: path.split('/').filter((segment) => segment !== ''),
      successStatus: http[2],
      input: NormalizedSchema.of(schema[4]),
      output: NormalizedSchema.of(schema[5]),
    });
  }
  const literals = (op: Operation) => op.segments.filter((segment) => !segment.startsWith('{')).length;
  operations = found.sort((a, b) => literals(b) - literals(a));
  return operations;
}

/** The operation and its path labels, or undefined. */
function matchOperation(method: string, pathname: string): { operation: Operation; labels: Record<string, string> } | undefined {
  const segments = pathname.split('/').filter((segment) => segment !== '');
  for (const operation of allOperations()) {
    if (operation.method !== method || operation.segments.length !== segments.length) continue;
    const labels: Record<string, string> = {};
    const matches = operation.segments.every((template, index) => {
      const actual = segments[index] as string;
      if (template.startsWith('{')) {
        labels[template.replace(/[{}+]/g, '')] = decodeURIComponent(actual);
        return true;
      }
      return template === actual;
    });
    if (matches) return { operation, labels };
  }
  return undefined;
}

/** A label or query string as the member's type. */
function scalar(member: NormalizedSchema, text: string): unknown {
  if (member.isNumericSchema()) return Number(text);
  if (member.isBooleanSchema()) return text === 'true';
  return text;
}

/** The request as the SDK input shape: labels, query parameters and the XML body, by the operation's bindings. */
function decodeInput(operation: Operation, labels: Record<string, string>, url: URL, body: string): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  if (body.trim() !== '') {
    const fromBody = new XmlShapeDeserializer(XML_SETTINGS).read(operation.input, body) as Record<string, unknown>;
    Object.assign(input, fromBody);
  }
  for (const [memberName, member] of operation.input.structIterator()) {
    const traits = member.getMergedTraits();
    if (traits.httpLabel) {
      const value = labels[memberName];
      if (value !== undefined) input[memberName] = scalar(member, value);
    } else if (typeof traits.httpQuery === 'string') {
      if (member.isListSchema()) {
        const values = url.searchParams.getAll(traits.httpQuery);
        if (values.length > 0) input[memberName] = values;
      } else {
        const value = url.searchParams.get(traits.httpQuery);
        if (value !== null) input[memberName] = scalar(member, value);
      }
    }
  }
  return input;
}

/** The output's header-bound members as headers, the rest as the XML document. */
function encodeOutput(operation: Operation, output: Record<string, unknown>): { body: string; headers: Record<string, string> } {
  const headers: Record<string, string> = {};
  const bodyMembers: Record<string, unknown> = {};
  for (const [memberName, member] of operation.output.structIterator()) {
    const value = output[memberName];
    if (value === undefined) continue;
    const header = member.getMergedTraits().httpHeader;
    if (typeof header === 'string') headers[header.toLowerCase()] = String(value);
    else bodyMembers[memberName] = value;
  }
  const serializer = new XmlShapeSerializer(XML_SETTINGS);
  serializer.write(operation.output, bodyMembers);
  return { body: `<?xml version="1.0" encoding="UTF-8"?>\n${String(serializer.flush())}`, headers };
}

/** Answers one Route 53 REST request. */
export async function answerRoute53(target: Route53CallTarget, method: string, url: URL, accountId: string | undefined, body = ''): Promise<Route53Answer> {
  const requestId = randomUUID();
  const matched = matchOperation(method, url.pathname);
  if (!matched) return errorAnswer(requestId, 400, 'InvalidInput', `Route 53 has no operation at ${method} ${url.pathname}.`);
  const { operation, labels } = matched;
  try {
    const input = decodeInput(operation, labels, url, body);
    const output = await target.route53Call(operation.action, input, accountId === undefined ? {} : { accountId });
    const encoded = encodeOutput(operation, output);
    return { status: operation.successStatus, body: encoded.body, requestId, action: operation.action, headers: encoded.headers };
  } catch (error) {
    if (!(error instanceof Ec2SimError)) throw error;
    const messages = (error as { messages?: unknown }).messages;
    return { ...errorAnswer(requestId, error.statusCode, error.code, error.message, Array.isArray(messages) ? messages.map(String) : undefined), action: operation.action };
  }
}

/**
 * Route 53's error document; InvalidChangeBatch also lists its messages, under the element the SDK's model reads
 * (member `messages`, entries `Message`).
 */
function errorAnswer(requestId: string, status: number, code: string, message: string, messages?: readonly string[]): Route53Answer {
  const list = messages === undefined ? '' : `<messages>${messages.map((m) => `<Message>${escape(m)}</Message>`).join('')}</messages>`;
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse xmlns="${NAMESPACE}"><Error><Type>Sender</Type><Code>${escape(code)}</Code><Message>${escape(message)}</Message>${list}</Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
  return { status, body, requestId };
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
