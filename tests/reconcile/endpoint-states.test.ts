import { endpointStateHandling, endpointStateProblem, isDeadEndpointState, isFailedEndpointState } from '../../lib/reconcile/endpoint-states';

describe('what the provider does with each endpoint state (SDK enum State, compared case-insensitively)', () => {
  it.each([
    ['available', 'ready'],
    ['pending', 'wait'],
    ['pendingAcceptance', 'wait'],
    ['deleting', 'gone'],
    ['deleted', 'gone'],
    ['failed', 'replace'],
    ['rejected', 'replace'],
    ['expired', 'replace'],
    ['partial', 'fail'],
    // The SDK spells them capitalised; the API in lower camel case.
    ['PendingAcceptance', 'wait'],
    ['Failed', 'replace'],
    ['Partial', 'fail'],
    ['pendingacceptance', 'wait'],
    // A state this version does not know is not acted on.
    ['somethingNew', 'wait'],
  ])('%s → %s', (state, handling) => {
    expect(endpointStateHandling(state)).toBe(handling);
  });

  it.each([
    ['failed', true, true],
    ['rejected', true, true],
    ['expired', true, true],
    ['partial', false, true],
    ['pendingAcceptance', false, false],
    ['available', false, false],
  ])('%s: replaced %s, ends the wait %s', (state, dead, failed) => {
    expect([isDeadEndpointState(state), isFailedEndpointState(state)]).toEqual([dead, failed]);
  });
});

describe("quoting EC2's own reason for a failed or partial endpoint (VpcEndpoint.LastError, FailureReason)", () => {
  const endpoint = { endpointId: 'vpce-0a1b2c3d4e5f60718', serviceName: 'com.amazonaws.us-east-1.ecr.api' };

  it.each<[string, object, string]>([
    [
      'LastError alone',
      { state: 'failed', lastError: { code: 'InsufficientFreeAddressesInSubnet', message: 'subnet-0c2d has no free addresses' } },
      'Endpoint vpce-0a1b2c3d4e5f60718 (com.amazonaws.us-east-1.ecr.api) is failed (EC2: InsufficientFreeAddressesInSubnet: subnet-0c2d has no free addresses): EC2 could not create it.',
    ],
    [
      'FailureReason alone',
      { state: 'partial', failureReason: 'The endpoint could not be placed in use1-az3.' },
      'Endpoint vpce-0a1b2c3d4e5f60718 (com.amazonaws.us-east-1.ecr.api) is partial (EC2: The endpoint could not be placed in use1-az3.): it serves in some of its subnets only.',
    ],
    [
      'both, FailureReason saying more',
      { state: 'failed', lastError: { code: 'InternalError', message: 'try again' }, failureReason: 'capacity' },
      '(EC2: InternalError: try again; capacity)',
    ],
    ['both, FailureReason repeating the message', { state: 'failed', lastError: { code: 'X', message: 'same words' }, failureReason: 'same words' }, 'is failed (EC2: X: same words):'],
    ['neither', { state: 'failed' }, 'Endpoint vpce-0a1b2c3d4e5f60718 (com.amazonaws.us-east-1.ecr.api) is failed: EC2 could not create it.'],
    ['an empty LastError', { state: 'failed', lastError: {}, failureReason: '' }, 'is failed: EC2 could not create it.'],
  ])('%s', (_case, detail, expected) => {
    expect(endpointStateProblem({ ...endpoint, ...detail } as Parameters<typeof endpointStateProblem>[0])).toContain(expected);
  });
});
