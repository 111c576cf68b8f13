/**
 * What the provider does with an endpoint in each state the EC2 API has (SDK enum `State`; the API answers in lower
 * camel case, so states are compared lower-cased: aws-facts.md, "Interface endpoints"). Pure: no I/O.
 *
 * | state               | handling  | why |
 * | ------------------- | --------- | --- |
 * | `available`         | ready     | serving |
 * | `pending`           | wait      | creation or a modification under way (about 1–3 minutes) |
 * | `pendingAcceptance` | wait      | AWS services accept on their own; the endpoint moves on to `pending` |
 * | `deleting`/`deleted`| gone      | on its way out: never a current endpoint |
 * | `failed`            | replace   | EC2 could not create it; it will never serve |
 * | `rejected`          | replace   | the service refused the connection |
 * | `expired`           | replace   | the connection request was never accepted |
 * | `partial`           | fail      | serves in some of its subnets only; replacing it would cut the AZs that work |
 * | anything else       | wait      | a state this version does not know: do not act on it, let the deadline report it |
 */
export type EndpointStateHandling = 'ready' | 'wait' | 'gone' | 'replace' | 'fail';

const HANDLING: Readonly<Record<string, EndpointStateHandling>> = {
  available: 'ready',
  pending: 'wait',
  pendingacceptance: 'wait',
  deleting: 'gone',
  deleted: 'gone',
  failed: 'replace',
  rejected: 'replace',
  expired: 'replace',
  partial: 'fail',
};

export function endpointStateHandling(state: string): EndpointStateHandling {
  return HANDLING[state.toLowerCase()] ?? 'wait';
}

/** True for states in which an endpoint will never serve again: an owned one is replaced by the next plan. */
export function isDeadEndpointState(state: string): boolean {
  return endpointStateHandling(state) === 'replace';
}

/** True for states the provider stops waiting at: it answers FAILED with endpointStateProblem. */
export function isFailedEndpointState(state: string): boolean {
  const handling = endpointStateHandling(state);
  return handling === 'replace' || handling === 'fail';
}

/** What EC2 itself says about an endpoint's failure, as the answer quotes it. */
export interface EndpointFailureDetail {
  /** VpcEndpoint.LastError (EC2 API reference, VpcEndpoint). */
  readonly lastError?: { readonly code?: string; readonly message?: string };
  /** VpcEndpoint.FailureReason. */
  readonly failureReason?: string;
}

/**
 * A sentence for a person: what the state means, EC2's own reason when it gives one (`LastError`, `FailureReason`:
 * aws-facts.md, "Interface endpoints"), and what happens next.
 *
 * @example
 * endpointStateProblem({ endpointId: 'vpce-0a1b', serviceName: 'com.amazonaws.us-east-1.ecr.api', state: 'failed',
 *   lastError: { code: 'InsufficientFreeAddressesInSubnet', message: 'No free addresses in subnet-0c2d' } })
 * // 'Endpoint vpce-0a1b (com.amazonaws.us-east-1.ecr.api) is failed (EC2: InsufficientFreeAddressesInSubnet: No free
 * //  addresses in subnet-0c2d): EC2 could not create it. The next update or retry replaces it.'
 */
export function endpointStateProblem(endpoint: { endpointId: string; serviceName: string; state: string } & EndpointFailureDetail): string {
  const reason = ec2Reason(endpoint);
  const subject = `Endpoint ${endpoint.endpointId} (${endpoint.serviceName}) is ${endpoint.state}${reason === undefined ? '' : ` (EC2: ${reason})`}`;
  switch (endpoint.state.toLowerCase()) {
    case 'failed':
      return `${subject}: EC2 could not create it. The next update or retry replaces it.`;
    case 'rejected':
      return `${subject}: the service refused the connection. The next update or retry replaces it.`;
    case 'expired':
      return `${subject}: the connection request expired before it was accepted. The next update or retry replaces it.`;
    case 'partial':
      return (
        `${subject}: it serves in some of its subnets only. It is not replaced on its own, since that would cut the AZs that work: ` +
        `delete it (aws ec2 delete-vpc-endpoints --vpc-endpoint-ids ${endpoint.endpointId}) and retry to have it created afresh.`
      );
    default:
      return `${subject}.`;
  }
}

/** LastError as `Code: Message`, then FailureReason when it says something else; undefined when EC2 gave neither. */
function ec2Reason(detail: EndpointFailureDetail): string | undefined {
  const lastError = [detail.lastError?.code, detail.lastError?.message].filter((part) => part !== undefined && part !== '').join(': ');
  const failureReason = detail.failureReason?.trim() ?? '';
  const parts = [lastError, ...(failureReason !== '' && !lastError.includes(failureReason) ? [failureReason] : [])].filter((part) => part !== '');
  return parts.length === 0 ? undefined : parts.join('; ');
}
