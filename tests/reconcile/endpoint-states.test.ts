import { endpointStateHandling, isDeadEndpointState, isFailedEndpointState } from '../../lib/reconcile/endpoint-states';

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
