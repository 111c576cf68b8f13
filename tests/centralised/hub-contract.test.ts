import {
  allowedConsumersFromTags,
  allowedConsumersToTags,
  hubIdFor,
  isConsumerAllowed,
  needsOrganizationalUnits,
  parseHubId,
} from '../../lib/centralised/hub-contract';

describe('hub IDs', () => {
  it('are the hub VPC ARN, and read back to the same hub', () => {
    const hub = { partition: 'aws', region: 'eu-west-1', accountId: '111122223333', vpcId: 'vpc-0a1b2c3d' };
    expect(hubIdFor(hub)).toBe('arn:aws:ec2:eu-west-1:111122223333:vpc/vpc-0a1b2c3d');
    expect(parseHubId('arn:aws:ec2:eu-west-1:111122223333:vpc/vpc-0a1b2c3d')).toEqual(hub);
  });

  it('read the partition and Region of other partitions', () => {
    expect(parseHubId('arn:aws-eusc:ec2:eusc-de-east-1:111122223333:vpc/vpc-0a1b2c3d4e5f67890')).toEqual({
      partition: 'aws-eusc',
      region: 'eusc-de-east-1',
      accountId: '111122223333',
      vpcId: 'vpc-0a1b2c3d4e5f67890',
    });
  });

  it.each([
    ['a VPC ID alone', 'vpc-0a1b2c3d'],
    ['a subnet ARN', 'arn:aws:ec2:eu-west-1:111122223333:subnet/subnet-0a1b2c3d'],
    ['an 11-digit account', 'arn:aws:ec2:eu-west-1:11112222333:vpc/vpc-0a1b2c3d'],
    ['a VPC ID of 9 digits', 'arn:aws:ec2:eu-west-1:111122223333:vpc/vpc-0a1b2c3d4'],
    ['a trailing space', 'arn:aws:ec2:eu-west-1:111122223333:vpc/vpc-0a1b2c3d '],
    ['another service', 'arn:aws:s3:eu-west-1:111122223333:vpc/vpc-0a1b2c3d'],
  ])('refuse %s', (_, text) => {
    expect(parseHubId(text)).toBeUndefined();
  });
});

describe('allowed consumers as tags', () => {
  it('write the organisation as one tag', () => {
    expect(allowedConsumersToTags({ kind: 'organization' })).toEqual([{ key: 'vpce-provisioner:allowed-consumers', value: 'Organization' }]);
  });

  it('write accounts sorted and without duplicates', () => {
    expect(allowedConsumersToTags({ kind: 'accounts', accountIds: ['444455556666', '111122223333', '444455556666'] })).toEqual([
      { key: 'vpce-provisioner:allowed-consumers', value: '111122223333 444455556666' },
    ]);
  });

  it('spread a long list over numbered keys, no value past 256 characters, and read it back whole', () => {
    const accountIds = Array.from({ length: 40 }, (_, index) => String(100000000000 + index));
    const tags = allowedConsumersToTags({ kind: 'accounts', accountIds });
    // 12 digits + a space: 19 accounts fill 246 characters, the 20th would make 259.
    expect(tags.map((tag) => tag.key)).toEqual([
      'vpce-provisioner:allowed-consumers',
      'vpce-provisioner:allowed-consumers-2',
      'vpce-provisioner:allowed-consumers-3',
    ]);
    expect(tags.map((tag) => tag.value.length)).toEqual([246, 246, 25]);
    const record = Object.fromEntries(tags.map((tag) => [tag.key, tag.value]));
    expect(allowedConsumersFromTags(record)).toEqual({ kind: 'accounts', accountIds });
  });

  it('write an empty list as an empty value, which reads back as nobody but the hub itself', () => {
    const tags = allowedConsumersToTags({ kind: 'accounts', accountIds: [] });
    expect(tags).toEqual([{ key: 'vpce-provisioner:allowed-consumers', value: '' }]);
    expect(allowedConsumersFromTags({ 'vpce-provisioner:allowed-consumers': '' })).toEqual({ kind: 'accounts', accountIds: [] });
  });

  it('read nothing from a group without them, and refuse a value edited into something else', () => {
    expect(allowedConsumersFromTags({ Name: 'hub' })).toBeUndefined();
    expect(allowedConsumersFromTags({ 'vpce-provisioner:allowed-consumers': '111122223333 everyone' })).toBeUndefined();
  });
});

describe('allowed OUs as tags', () => {
  it('write OUs and roots under their own key, sorted and once, beside the accounts', () => {
    const tags = allowedConsumersToTags({ kind: 'accounts', accountIds: ['444455556666'], organizationalUnitIds: ['r-a1b2', 'ou-a1b2-workload1', 'r-a1b2'] });

    expect(tags).toEqual([
      { key: 'vpce-provisioner:allowed-consumers', value: '444455556666' },
      { key: 'vpce-provisioner:allowed-consumers-ous', value: 'ou-a1b2-workload1 r-a1b2' },
    ]);
  });

  it('write OUs alone with an empty account value, which a consumer that knows no OUs reads as the hub account only', () => {
    const tags = allowedConsumersToTags({ kind: 'accounts', accountIds: [], organizationalUnitIds: ['ou-a1b2-workload1'] });
    const record = Object.fromEntries(tags.map((tag) => [tag.key, tag.value]));

    expect(record).toEqual({ 'vpce-provisioner:allowed-consumers': '', 'vpce-provisioner:allowed-consumers-ous': 'ou-a1b2-workload1' });
    // The account chunks alone, as the reader before OUs saw them: nobody but the hub.
    expect(allowedConsumersFromTags({ 'vpce-provisioner:allowed-consumers': '' })).toEqual({ kind: 'accounts', accountIds: [] });
  });

  it('spread many OUs over numbered keys of at most 256 characters, and read them back whole', () => {
    const organizationalUnitIds = Array.from({ length: 30 }, (_, index) => `ou-a1b2-${String(10000000 + index)}`);
    const tags = allowedConsumersToTags({ kind: 'accounts', accountIds: ['444455556666'], organizationalUnitIds });

    // 'ou-a1b2-' + 8 digits = 16 characters + a space: 15 fill 254, the 16th would make 271.
    expect(tags.map((tag) => [tag.key, tag.value.length])).toEqual([
      ['vpce-provisioner:allowed-consumers', 12],
      ['vpce-provisioner:allowed-consumers-ous', 254],
      ['vpce-provisioner:allowed-consumers-ous-2', 254],
    ]);
    expect(allowedConsumersFromTags(Object.fromEntries(tags.map((tag) => [tag.key, tag.value])))).toEqual({
      kind: 'accounts',
      accountIds: ['444455556666'],
      organizationalUnitIds,
    });
  });

  it('refuse an OU value edited into something that is not an OU or root ID', () => {
    expect(allowedConsumersFromTags({ 'vpce-provisioner:allowed-consumers': '', 'vpce-provisioner:allowed-consumers-ous': 'ou-a1b2-workload1 Workloads' })).toBeUndefined();
    expect(allowedConsumersFromTags({ 'vpce-provisioner:allowed-consumers': '', 'vpce-provisioner:allowed-consumers-ous': '444455556666' })).toBeUndefined();
  });
});

describe('isConsumerAllowed', () => {
  const hubAccount = '111122223333';
  it.each([
    ['the hub account itself, with nobody else listed', { kind: 'accounts', accountIds: [] } as const, hubAccount, true],
    ['a listed account', { kind: 'accounts', accountIds: ['444455556666'] } as const, '444455556666', true],
    ['an account not listed', { kind: 'accounts', accountIds: ['444455556666'] } as const, '777788889999', false],
    ['any account when the organisation is allowed', { kind: 'organization' } as const, '777788889999', true],
  ])('%s: %s', (_, allowed, accountId, expected) => {
    expect(isConsumerAllowed(allowed, accountId, hubAccount)).toBe(expected);
  });
});

describe('admission by OU', () => {
  const hubAccount = '111122223333';
  const byUnit = { kind: 'accounts', accountIds: ['444455556666'], organizationalUnitIds: ['ou-a1b2-workload1'] } as const;

  it.each([
    ['a parent OU listed, two levels up', ['ou-a1b2-prod0001', 'ou-a1b2-workload1', 'r-a1b2'], true],
    ['only other OUs and the root above it', ['ou-a1b2-sandbox1', 'r-a1b2'], false],
    ['no parents known', [], false],
  ])('admit an unlisted account by its parents: %s', (_, parentIds, expected) => {
    expect(isConsumerAllowed(byUnit, '777788889999', hubAccount, parentIds)).toBe(expected);
  });

  it('admit every account under a listed root', () => {
    expect(isConsumerAllowed({ kind: 'accounts', accountIds: [], organizationalUnitIds: ['r-a1b2'] }, '777788889999', hubAccount, ['ou-a1b2-prod0001', 'r-a1b2'])).toBe(true);
  });

  it.each([
    ['an account not listed, with OUs listed', byUnit, '777788889999', true],
    ['a listed account', byUnit, '444455556666', false],
    ['the hub account', byUnit, hubAccount, false],
    ['an account not listed, with no OUs listed', { kind: 'accounts', accountIds: ['444455556666'] } as const, '777788889999', false],
    ['any account, with the organisation allowed', { kind: 'organization' } as const, '777788889999', false],
  ])('ask the organisation only for %s', (_, allowed, accountId, expected) => {
    expect(needsOrganizationalUnits(allowed, accountId, hubAccount)).toBe(expected);
  });
});
