/**
 * Failures → EC2's error document. The SDK reads `Errors.Error.Code` as the exception `name`, so the
 * simulator's error code reaches the caller unchanged, with its message and HTTP status.
 */
import { escapeXml } from './xml-encoder';

/** What the server sends for a failed request. */
export interface ErrorResponse {
  readonly status: number;
  readonly code: string;
  readonly message: string;
}

interface ServiceErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  statusCode?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

/**
 * Classifies a rejection of the simulator. An error that carries an HTTP status (the core's
 * `Ec2SimError`, or anything shaped like an SDK service exception) is an EC2 answer and keeps its
 * code; anything else is a bug in the simulator and becomes a 500 `InternalError`, which is what EC2
 * says when it fails itself (and which the SDK treats as retryable).
 */
export function errorResponseFor(error: unknown): ErrorResponse {
  const e = (typeof error === 'object' && error !== null ? error : {}) as ServiceErrorLike;
  const status = typeof e.$metadata?.httpStatusCode === 'number' ? e.$metadata.httpStatusCode : e.statusCode;
  const message = typeof e.message === 'string' ? e.message : String(error);
  if (typeof status !== 'number') return { status: 500, code: 'InternalError', message };
  const code = typeof e.code === 'string' ? e.code : typeof e.name === 'string' ? e.name : 'InternalError';
  return { status, code, message };
}

/**
 * The error document as EC2 writes it.
 *
 * @example
 * encodeErrorXml({ status: 400, code: 'InvalidVpcID.NotFound', message: "The vpc ID 'vpc-1' does not exist" }, 'req-1');
 */
export function encodeErrorXml(error: ErrorResponse, requestId: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error>' +
    `<Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message>` +
    `</Error></Errors><RequestID>${escapeXml(requestId)}</RequestID></Response>`
  );
}
