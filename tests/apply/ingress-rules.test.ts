import { applyPlan } from '../../lib/apply';
import { startApplyWorld } from './support';

/**
 * AuthorizeSecurityGroupIngress / RevokeSecurityGroupIngress are all-or-nothing (EC2 API reference,
 * RevokeSecurityGroupIngress): a plan made from a stale observation must still leave exactly the wanted rules.
 */
describe('the managed group\'s HTTPS rules when the observation is out of date', () => {
  it('adds every wanted CIDR although someone added one of them since the plan was made', async () => {
    const world = await startApplyWorld();
    const groupId = await world.ownedGroup(['10.0.0.0/20']);
    // Between discovery and apply, someone (another run, a person) admits one of the CIDRs the plan is about to add.
    await world.sim.call('AuthorizeSecurityGroupIngress', { GroupId: groupId, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.0.16.0/20' }] }] });

    await applyPlan([{ kind: 'authorizeIngress', groupId, cidrs: ['10.0.16.0/20', '10.0.32.0/20'] }], world.context([groupId]));

    expect(await world.httpsSources(groupId)).toEqual(['10.0.0.0/20', '10.0.16.0/20', '10.0.32.0/20']);
  });

  it('revokes every unwanted CIDR although someone revoked one of them since the plan was made', async () => {
    const world = await startApplyWorld();
    const groupId = await world.ownedGroup(['10.0.0.0/20', '10.0.16.0/20', '10.0.32.0/20']);
    await world.sim.call('RevokeSecurityGroupIngress', { GroupId: groupId, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.0.16.0/20' }] }] });

    await applyPlan([{ kind: 'revokeIngress', groupId, cidrs: ['10.0.16.0/20', '10.0.32.0/20'] }], world.context([groupId]));

    expect(await world.httpsSources(groupId)).toEqual(['10.0.0.0/20']);
  });

  it('sends only the missing CIDRs after a duplicate, and nothing more once the group holds them all', async () => {
    const world = await startApplyWorld();
    const groupId = await world.ownedGroup(['10.0.16.0/20', '10.0.32.0/20']);
    const mark = world.mark();

    await applyPlan([{ kind: 'authorizeIngress', groupId, cidrs: ['10.0.16.0/20', '10.0.32.0/20'] }], world.context([groupId]));

    expect(world.writesSince(mark)).toEqual([]);
    expect(await world.httpsSources(groupId)).toEqual(['10.0.16.0/20', '10.0.32.0/20']);
  });
});
