/** GetChange (Route 53 API reference, GetChange): PENDING until the change has propagated, then INSYNC. */
import { route53Error } from './errors';
import { bareId, changeInfo, type Route53Action } from './model';

export const changeActions: Readonly<Record<string, Route53Action>> = {
  GetChange: (call, input) => {
    const id = bareId(input['Id']);
    const change = call.ctx.state.route53Changes.get(id);
    if (!change) throw route53Error('NoSuchChange', `A change with the specified change ID does not exist: ${id}`);
    // A change belongs to the zone's account: the VPC's account cannot read the change of its own cross-account
    // AssociateVPCWithHostedZone (reported as a failure after a successful association, hashicorp/terraform-provider-aws#9453;
    // the code it gets is our choice: IAM's AccessDenied).
    if (change.ownerId !== call.ctx.account) {
      throw route53Error('AccessDenied', `User: arn:aws:sts::${call.ctx.account}:assumed-role/provider is not authorized to access this resource`);
    }
    return { ChangeInfo: changeInfo(call, change) };
  },
};
