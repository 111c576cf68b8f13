import { isOwnedBy, tagsToRecord } from '../../lib/reconcile/ownership';

const owner = {
  physicalId: 'vpce-provisioner-v1-vpc-0a1b2c3d4e5f67890-07bf50017092cde7aa58',
  stackId: 'arn:aws:cloudformation:eu-west-1:111122223333:stack/payments/6b1f4c2e-9d3a-4e57-8a10-2c4b5d6e7f80',
  logicalResourceId: 'Endpoints',
};
const ownTags = {
  'vpce-provisioner:owner': owner.physicalId,
  'vpce-provisioner:stack-id': owner.stackId,
  'vpce-provisioner:logical-id': owner.logicalResourceId,
};

describe('tagsToRecord', () => {
  it('turns EC2 tags into a record, a tag without a value into an empty string', () => {
    expect(tagsToRecord([{ Key: 'team', Value: 'payments' }, { Key: 'empty' }, { Key: 'Name', Value: '' }])).toEqual({ team: 'payments', empty: '', Name: '' });
  });

  it('skips a tag without a key instead of recording it under "undefined"', () => {
    expect(tagsToRecord([{ Value: 'orphan' }, { Key: 'team', Value: 'payments' }])).toEqual({ team: 'payments' });
  });

  it('reads a resource without tags as having none', () => {
    expect(tagsToRecord(undefined)).toEqual({});
    expect(tagsToRecord([])).toEqual({});
  });
});

describe('isOwnedBy', () => {
  it('owns a resource carrying all three ownership tags, whatever else it carries', () => {
    expect(isOwnedBy({ ...ownTags, team: 'payments', Name: 'x' }, owner)).toBe(true);
  });

  it.each([
    ['another physical ID', { 'vpce-provisioner:owner': `${owner.physicalId}x` }],
    ['another stack', { 'vpce-provisioner:stack-id': owner.stackId.replace('payments', 'copy') }],
    ['another logical ID', { 'vpce-provisioner:logical-id': 'OtherEndpoints' }],
    ['an empty owner tag', { 'vpce-provisioner:owner': '' }],
  ])('does not own a resource tagged for %s', (_label, changed) => {
    expect(isOwnedBy({ ...ownTags, ...changed }, owner)).toBe(false);
  });

  it('does not own an untagged resource', () => {
    expect(isOwnedBy({}, owner)).toBe(false);
  });
});
