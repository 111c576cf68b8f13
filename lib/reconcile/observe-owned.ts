import {
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcEndpointsCommand,
  type Filter,
  type SecurityGroup,
  type Subnet,
  type VpcEndpoint,
} from '@aws-sdk/client-ec2';
import { paginate } from '../ec2/paginate';
import { toObservedEndpoint, toObservedSecurityGroup, toObservedSubnet } from './discovery';
import type { Ec2Sender } from '../ec2/paced-client';
import type { ObservedEndpoint } from './observed';
import { isOwnedBy, type Owner } from './ownership';
import type { OwnedResources } from './plan';
import { TAG_KEYS } from '../properties/spec';

/**
 * Only what this resource owns in a VPC, found by its owner tag: what Delete needs, in three parallel calls. The tag
 * filter narrows the search; `isOwnedBy` then checks every ownership tag, so nothing else is ever returned.
 */
export async function observeOwned(ec2: Ec2Sender, vpcId: string, owner: Owner): Promise<OwnedResources> {
  const filters = ownerFilters(vpcId, owner);
  const [subnets, groups, endpoints] = await Promise.all([
    paginate<Subnet>(ec2, (token) => new DescribeSubnetsCommand({ Filters: filters, MaxResults: 1000, NextToken: token }), 'Subnets'),
    paginate<SecurityGroup>(
      ec2,
      (token) => new DescribeSecurityGroupsCommand({ Filters: filters, MaxResults: 1000, NextToken: token }),
      'SecurityGroups',
    ),
    describeOwnedEndpoints(ec2, vpcId, owner),
  ]);
  return {
    subnets: subnets.map(toObservedSubnet).filter((subnet) => isOwnedBy(subnet.tags, owner)),
    securityGroups: groups.map(toObservedSecurityGroup).filter((group) => isOwnedBy(group.tags, owner)),
    endpoints: endpoints.filter((endpoint) => endpoint.state !== 'deleted'),
  };
}

/** The endpoints this resource owns in the VPC, deleted ones included (they show as `deleted` for a while). */
export async function describeOwnedEndpoints(ec2: Ec2Sender, vpcId: string, owner: Owner): Promise<ObservedEndpoint[]> {
  const endpoints = await paginate<VpcEndpoint>(
    ec2,
    (token) => new DescribeVpcEndpointsCommand({ Filters: ownerFilters(vpcId, owner), MaxResults: 1000, NextToken: token }),
    'VpcEndpoints',
  );
  return endpoints.map(toObservedEndpoint).filter((endpoint) => isOwnedBy(endpoint.tags, owner));
}

function ownerFilters(vpcId: string, owner: Owner): Filter[] {
  return [
    { Name: 'vpc-id', Values: [vpcId] },
    { Name: `tag:${TAG_KEYS.owner}`, Values: [owner.physicalId] },
  ];
}
