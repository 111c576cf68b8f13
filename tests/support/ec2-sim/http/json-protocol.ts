/**
 * The awsJson1_1 protocol as the HTTP simulator speaks it for the services that use it (Service Quotas, AWS
 * Organizations): `POST /` with `X-Amz-Target: <Prefix>.<Action>` and a JSON body, answered with JSON; an error is its
 * code in `__type` and in the `x-amzn-errortype` header, with its message (Smithy, "AWS JSON 1.1 protocol").
 */
import type { ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { Ec2SimError } from '../errors';

export interface JsonAnswer {
  readonly status: number;
  readonly body: string;
  readonly requestId: string;
  readonly errorType?: string;
}

/**
 * Answers one request: its body parsed, the action run by `run`, a simulator error turned into the protocol's error.
 * `messageKey` is the service's spelling of the message field (Service Quotas `message`, Organizations `Message`).
 */
export async function answerJson(
  run: (action: string, input: Record<string, unknown>) => Promise<Record<string, unknown>>,
  action: string,
  body: string,
  messageKey: 'message' | 'Message',
): Promise<JsonAnswer> {
  const requestId = randomUUID();
  const errorAnswer = (status: number, code: string, message: string): JsonAnswer => ({
    status,
    body: JSON.stringify({ __type: code, [messageKey]: message }),
    requestId,
    errorType: code,
  });
  let input: Record<string, unknown>;
  try {
    input = body.trim() === '' ? {} : (JSON.parse(body) as Record<string, unknown>);
  } catch {
    return errorAnswer(400, 'SerializationException', 'The request body is not JSON.');
  }
  try {
    return { status: 200, body: JSON.stringify(await run(action, input)), requestId };
  } catch (error) {
    if (!(error instanceof Ec2SimError)) throw error;
    return errorAnswer(error.statusCode, error.code, error.message);
  }
}

/** Writes an answer with the protocol's headers. */
export function writeJsonAnswer(res: ServerResponse, answer: JsonAnswer): void {
  res.writeHead(answer.status, {
    'content-type': 'application/x-amz-json-1.1',
    'content-length': Buffer.byteLength(answer.body),
    'x-amzn-requestid': answer.requestId,
    ...(answer.errorType ? { 'x-amzn-errortype': answer.errorType } : {}),
  });
  res.end(answer.body);
}
