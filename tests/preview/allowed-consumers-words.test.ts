/** Who may consume a hub, in the preview's words: accounts, OUs and roots each named, nothing dropped. */
import { describeAllowedConsumers } from '../../lib/preview/hub';

describe('who may consume, in words', () => {
  it('names the organisation when every account may', () => {
    expect(describeAllowedConsumers({ allowedConsumers: { kind: 'organization' } })).toBe('every account of the organisation (Organization)');
  });

  it('says the hub’s own account only when nothing else is listed', () => {
    expect(describeAllowedConsumers({ allowedConsumers: { kind: 'accounts', accountIds: [] } })).toBe('the hub’s own account only');
  });

  it('names the accounts in order', () => {
    expect(describeAllowedConsumers({ allowedConsumers: { kind: 'accounts', accountIds: ['444455556666', '111122223333'] } })).toBe(
      'the hub’s own account and 111122223333, 444455556666',
    );
  });

  it('names the OUs and roots a hub admits, with or without accounts', () => {
    expect(describeAllowedConsumers({ allowedConsumers: { kind: 'accounts', accountIds: [], organizationalUnitIds: ['ou-ab12-cdef3456', 'r-ab12'] } })).toBe(
      'the hub’s own account and the accounts under ou-ab12-cdef3456, r-ab12',
    );
    expect(
      describeAllowedConsumers({ allowedConsumers: { kind: 'accounts', accountIds: ['444455556666'], organizationalUnitIds: ['ou-ab12-cdef3456'] } }),
    ).toBe('the hub’s own account, 444455556666 and the accounts under ou-ab12-cdef3456');
  });
});
