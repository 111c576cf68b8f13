import { VPCRegion } from '@aws-sdk/client-route-53';
import { partitionOfRegion, REGIONS_BY_PARTITION, regionProblem } from '../../bin/regions';

describe('the Regions --region accepts', () => {
  it('are exactly those a VPC can live in according to the pinned SDK (Route 53 VPCRegion)', () => {
    expect(Object.values(REGIONS_BY_PARTITION).flat().sort()).toEqual([...Object.values(VPCRegion)].sort());
  });

  it.each([
    ['us-east-1', 'aws'],
    ['cn-northwest-1', 'aws-cn'],
    ['us-gov-west-1', 'aws-us-gov'],
    ['eusc-de-east-1', 'aws-eusc'],
    ['us-est-1', undefined],
  ])('%s is in partition %s', (region, partition) => {
    expect(partitionOfRegion(region)).toBe(partition);
  });

  it.each([
    ['us-est-1', '"us-est-1" is not an AWS Region. Did you mean us-east-1?'],
    ['eu-west-9', '"eu-west-9" is not an AWS Region. Did you mean eu-west-1?'],
    ['Europe', '"Europe" is not an AWS Region. Regions look like us-east-1 or eu-west-1.'],
    ['eu-west-1', undefined],
  ])('%s: %s', (region, problem) => {
    expect(regionProblem(region)).toBe(problem);
  });
});
