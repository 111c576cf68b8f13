import { applyPlan } from '../../../lib/reconcile/apply';
import { ensureHttpsIngress, ensureHttpsIngressRevoked } from '../../../lib/reconcile/ingress-rules';
import { AuthorizeSecurityGroupIngressCommand, DescribeSecurityGroupsCommand } from '@aws-sdk/client-ec2';
import { ec2Error, failingFirst, startApplyWorld } from './support';

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

  it('reads the group again, and sends the rest, while EC2 does not yet describe a group of its own after a duplicate', async () => {
    const world = await startApplyWorld();
    const groupId = await world.ownedGroup(['10.0.16.0/20']);
    // EC2 is eventually consistent: the read after the duplicate may reach a replica that does not know the group yet.
    const ec2 = failingFirst(
      world,
      [AuthorizeSecurityGroupIngressCommand, ec2Error('InvalidPermission.Duplicate')],
      [DescribeSecurityGroupsCommand, ec2Error('InvalidGroup.NotFound', `The security group '${groupId}' does not exist`)],
    );

    await applyPlan([{ kind: 'authorizeIngress', groupId, cidrs: ['10.0.16.0/20', '10.0.32.0/20'] }], world.context([groupId], { ec2 }));

    expect(await world.httpsSources(groupId)).toEqual(['10.0.16.0/20', '10.0.32.0/20']);
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

describe('EC2\'s answer to a rule call is checked, not taken on trust', () => {
  const group = (cidrs: string[]) => ({
    SecurityGroups: [{ GroupId: 'sg-0aaa', IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: cidrs.map((CidrIp) => ({ CidrIp })) }] }],
  });

  it('reads the group and sends the rest when an authorize answer lists fewer rules than were sent', async () => {
    const sent: string[][] = [];
    const answers = [
      { Return: true, SecurityGroupRules: [{ FromPort: 443, ToPort: 443, CidrIpv4: '10.0.0.0/20' }] },
      { Return: true, SecurityGroupRules: [{ FromPort: 443, ToPort: 443, CidrIpv4: '10.0.16.0/20' }] },
    ];
    const io = {
      write: async (_action: string, command: object) => {
        const input = (command as { input: { IpPermissions: { IpRanges?: { CidrIp: string }[] }[] } }).input;
        sent.push((input.IpPermissions[0]?.IpRanges ?? []).map((range) => range.CidrIp));
        return answers[sent.length - 1];
      },
      read: async () => group(['10.0.0.0/20']),
    };

    const added = await ensureHttpsIngress('sg-0aaa', ['10.0.0.0/20', '10.0.16.0/20'], io);

    expect(sent).toEqual([['10.0.0.0/20', '10.0.16.0/20'], ['10.0.16.0/20']]);
    expect(added).toEqual(['10.0.16.0/20']);
  });

  it('reads the group and revokes what is left when a revoke answer lists unknown permissions', async () => {
    const sent: string[][] = [];
    const io = {
      write: async (_action: string, command: object) => {
        const input = (command as { input: { IpPermissions: { IpRanges?: { CidrIp: string }[] }[] } }).input;
        sent.push((input.IpPermissions[0]?.IpRanges ?? []).map((range) => range.CidrIp));
        return sent.length === 1 ? { Return: true, UnknownIpPermissions: [{ IpProtocol: 'tcp' }] } : { Return: true };
      },
      read: async () => group(['10.0.32.0/20']),
    };

    const revoked = await ensureHttpsIngressRevoked('sg-0aaa', ['10.0.16.0/20', '10.0.32.0/20'], io);

    expect(sent).toEqual([['10.0.16.0/20', '10.0.32.0/20'], ['10.0.32.0/20']]);
    expect(revoked).toEqual(['10.0.32.0/20']);
  });
});
