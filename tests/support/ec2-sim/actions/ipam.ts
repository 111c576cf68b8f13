import type { DescribeIpamPoolsRequest, IpamPool } from '@aws-sdk/client-ec2';
import type { ActionContext } from '../context';
import { Ec2SimError } from '../errors';
import { list } from '../input';
import type { IpamPoolRecord } from '../state';
import { action, type ActionTable } from './action';

export const ipamActions: ActionTable = {
  /**
   * The caller's IPv4 pools. A resource planning pool names its VPC in SourceResource; a regional pool has a Locale and
   * no SourceResource (EC2 API reference, IpamPool and CreateIpamPool).
   */
  DescribeIpamPools: action<DescribeIpamPoolsRequest>((ctx, input) => {
    const visible = [...ctx.state.ipamPools.values()].filter((pool) => pool.ownerId === ctx.account);
    const ids = list(input.IpamPoolIds);
    for (const id of ids) {
      if (!visible.some((pool) => pool.id === id)) throw new Ec2SimError('InvalidIpamPoolId.NotFound', `The pool ID '${id}' does not exist`);
    }
    const pools = ids.length === 0 ? visible : visible.filter((pool) => ids.includes(pool.id));
    return { IpamPools: pools.map((pool) => poolView(ctx, pool)) };
  }),
};

function poolView(ctx: ActionContext, pool: IpamPoolRecord): IpamPool {
  return {
    IpamPoolId: pool.id,
    OwnerId: pool.ownerId,
    AddressFamily: 'ipv4',
    Locale: ctx.region,
    State: 'create-complete',
    IpamScopeType: 'private',
    ...(pool.sourceVpcId === undefined
      ? {}
      : { SourceResource: { ResourceId: pool.sourceVpcId, ResourceType: 'vpc', ResourceRegion: ctx.region, ResourceOwner: pool.ownerId } }),
  };
}
