import { isSupportedPartition, partitionOfRegion, S3_DOMAINS } from '../../lib/protocol/partitions';

/** The partitions served are those whose S3 hosts are documented (aws-facts.md, "CloudFormation and partitions"). */
describe('partitionOfRegion', () => {
  it.each<[string, string | undefined]>([
    ['us-east-1', 'aws'],
    ['eu-west-1', 'aws'],
    ['ap-southeast-10', 'aws'],
    ['cn-north-1', 'aws-cn'],
    ['cn-northwest-1', 'aws-cn'],
    ['us-gov-west-1', 'aws-us-gov'],
    ['us-gov-east-1', 'aws-us-gov'],
    ['eusc-de-east-1', 'aws-eusc'],
    // The ISO partitions: their response hosts are not documented.
    ['us-iso-east-1', undefined],
    ['us-isob-east-1', undefined],
    ['us-isof-south-1', undefined],
    ['eu-isoe-west-1', undefined],
    // Not Region names.
    ['', undefined],
    ['useast1', undefined],
    ['euscx-de-east-1', undefined],
    ['abc-west-1', undefined],
    ['us-east-1 ', undefined],
  ])('%j is in %j', (region, partition) => {
    expect(partitionOfRegion(region)).toBe(partition);
  });
});

describe('the served partitions', () => {
  it('are aws, aws-us-gov, aws-cn and aws-eusc, with their S3 domains', () => {
    expect(S3_DOMAINS).toEqual({ aws: 'amazonaws.com', 'aws-us-gov': 'amazonaws.com', 'aws-cn': 'amazonaws.com.cn', 'aws-eusc': 'amazonaws.eu' });
  });

  it.each(['aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-xyz', 'toString', '__proto__'])('do not include %s', (partition) => {
    expect(isSupportedPartition(partition)).toBe(false);
  });
});
