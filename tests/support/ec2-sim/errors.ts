/**
 * Errors as EC2 gives them, shaped like the SDK's service exceptions so product code that checks
 * `error.name` and `error.$metadata.httpStatusCode` cannot tell the simulator from AWS.
 */
export class Ec2SimError extends Error {
  /** The EC2 error code, e.g. `InvalidSubnet.Conflict`. Same as `name`. */
  readonly code: string;
  readonly statusCode: number;
  readonly $metadata: { httpStatusCode: number; requestId?: string; attempts: number; totalRetryDelay: number };
  readonly $fault: 'client' | 'server';

  constructor(code: string, message: string, statusCode = 400) {
    super(message);
    this.name = code;
    this.code = code;
    this.statusCode = statusCode;
    this.$fault = statusCode >= 500 ? 'server' : 'client';
    this.$metadata = { httpStatusCode: statusCode, attempts: 1, totalRetryDelay: 0 };
  }
}

/** The error code a simulator rejection carries, or undefined for anything else. */
export function simErrorCode(error: unknown): string | undefined {
  return error instanceof Ec2SimError ? error.code : undefined;
}

/** Shorthands for the errors raised in many places; keeps messages identical everywhere. */
export const simErrors = {
  invalidParameter: (message: string) => new Ec2SimError('InvalidParameter', message),
  invalidParameterValue: (message: string) => new Ec2SimError('InvalidParameterValue', message),
  missingParameter: (name: string) =>
    new Ec2SimError('MissingParameter', `The request must contain the parameter ${name}`),
  unauthorized: () => new Ec2SimError('UnauthorizedOperation', 'You are not authorized to perform this operation.'),
  dryRun: () => new Ec2SimError('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.', 412),
  // EC2 answers throttling with HTTP 503 (EC2 API reference, "Request throttling").
  throttled: () => new Ec2SimError('RequestLimitExceeded', 'Request limit exceeded.', 503),
  crash: () =>
    new Ec2SimError('SimulatedCrash', 'The simulator crashed this invocation on purpose (faults); call sim.recover().'),
  invalidAction: (action: string) =>
    new Ec2SimError('InvalidAction', `The action ${action} is not valid for this web service.`),
  dependencyViolation: (message: string) => new Ec2SimError('DependencyViolation', message),
};
