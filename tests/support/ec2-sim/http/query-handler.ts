/**
 * One EC2 Query request, transport aside: parameters in, status and XML out. The HTTP server only
 * reads bytes and writes them back; everything that is protocol lives here.
 */
import { randomUUID } from 'node:crypto';
import { errorResponseFor, encodeErrorXml, type ErrorResponse } from './error-response';
import { findOperationShapes } from './operation-schema';
import { decodeQueryInput, QueryDecodeError } from './query-decoder';
import { encodeResponseXml } from './xml-encoder';

/** Who a request acts as (the simulator core's `Caller`). */
export interface QueryCaller {
  accountId?: string;
}

/** The part of the simulator core the server needs: `Ec2Simulator` satisfies it, and so does a test stub. */
export interface Ec2CallTarget {
  call(action: string, input: Record<string, unknown>, caller?: QueryCaller): Promise<Record<string, unknown>>;
  /** The default account, used when a request's access key maps to none. */
  readonly accountId?: string;
}

/** Maps the access key id of a signed request to the AWS account it acts as (`undefined`: the default account). */
export type AccountForAccessKey = (accessKeyId: string) => string | undefined;

/** A finished answer, ready to be written. */
export interface QueryAnswer {
  readonly status: number;
  readonly requestId: string;
  readonly body: string;
}

/** The decoded request: its form parameters and the access key that signed it. */
export interface QueryRequest {
  readonly params: URLSearchParams;
  readonly accessKeyId?: string;
}

function failure(error: ErrorResponse, requestId: string): QueryAnswer {
  return { status: error.status, requestId, body: encodeErrorXml(error, requestId) };
}

/**
 * Runs one request against the simulator: decode the input by the action's schema, call the core as
 * the caller's account, encode the output (or the error) as EC2 would.
 *
 * @example
 * const answer = await answerQuery(sim, { params: new URLSearchParams('Action=DescribeVpcs&Version=2016-11-15') });
 * answer.status; // 200
 */
export async function answerQuery(target: Ec2CallTarget, request: QueryRequest, accountForAccessKey?: AccountForAccessKey): Promise<QueryAnswer> {
  const requestId = randomUUID();
  const action = request.params.get('Action');
  if (!action) {
    return failure({ status: 400, code: 'MissingAction', message: 'The request must contain the parameter Action.' }, requestId);
  }
  const caller: QueryCaller = { accountId: accountOf(target, request.accessKeyId, accountForAccessKey) };
  const shapes = findOperationShapes(action);
  if (!shapes) {
    // Not an EC2 operation at all; the core has the last word (it answers InvalidAction), but without
    // a schema there is no way to write a success, so a core that accepted it is overruled.
    try {
      await target.call(action, Object.fromEntries(request.params), caller);
    } catch (error) {
      return failure(errorResponseFor(error), requestId);
    }
    return failure(invalidAction(action), requestId);
  }
  let input: Record<string, unknown>;
  try {
    input = decodeQueryInput(shapes.input, request.params);
  } catch (error) {
    if (!(error instanceof QueryDecodeError)) throw error;
    return failure({ status: 400, code: 'InvalidParameterValue', message: error.message }, requestId);
  }
  try {
    const output = await target.call(action, input, caller);
    return { status: 200, requestId, body: encodeResponseXml(action, shapes.output, output, requestId) };
  } catch (error) {
    return failure(errorResponseFor(error), requestId);
  }
}

function invalidAction(action: string): ErrorResponse {
  return { status: 400, code: 'InvalidAction', message: `The action ${action} is not valid for this web service.` };
}

function accountOf(target: Ec2CallTarget, accessKeyId: string | undefined, accountForAccessKey?: AccountForAccessKey): string | undefined {
  const mapped = accessKeyId !== undefined ? accountForAccessKey?.(accessKeyId) : undefined;
  return mapped ?? target.accountId;
}
