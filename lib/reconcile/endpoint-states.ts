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

/** A sentence for a person: what the state means and what happens next. */
export function endpointStateProblem(endpoint: { endpointId: string; serviceName: string; state: string }): string {
  const subject = `Endpoint ${endpoint.endpointId} (${endpoint.serviceName}) is ${endpoint.state}`;
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
