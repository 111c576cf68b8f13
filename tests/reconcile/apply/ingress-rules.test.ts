import { applyPlan } from '../../../lib/reconcile/apply';
import { ensureHttpsIngress, ensureHttpsIngressRevoked, httpsPermissions } from '../../../lib/reconcile/ingress-rules';
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

describe('the rule calls in a default VPC, on other ports, and under contention', () => {
  const https = (cidr: string) => ({ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: cidr }] });
  const group = (cidrs: string[]) => ({ SecurityGroups: [{ GroupId: 'sg-0aaa', IpPermissions: cidrs.length > 0 ? [https(cidrs[0]!)] : [] }] });
  const cidrsSent = (command: object) =>
    ((command as { input: { IpPermissions: { IpRanges?: { CidrIp: string }[] }[] } }).input.IpPermissions[0]?.IpRanges ?? []).map((range) => range.CidrIp);

  it('in a default VPC, takes the rules EC2 lists as unknown as gone and the others as revoked, without reading the group again', async () => {
    const world = await startApplyWorld();
    const vpcId = ((await world.sim.call('CreateDefaultVpc', {})) as { Vpc: { VpcId: string } }).Vpc.VpcId;
    const groupId = ((await world.sim.call('CreateSecurityGroup', { VpcId: vpcId, GroupName: 'endpoints', Description: 'endpoints' })) as { GroupId: string }).GroupId;
    await world.sim.call('AuthorizeSecurityGroupIngress', { GroupId: groupId, IpPermissions: [https('172.31.0.0/20')] });
    const calls: string[] = [];
    const io = {
      write: async (action: string, command: object) => {
        calls.push(action);
        return (await world.sim.call(action, (command as { input: Record<string, unknown> }).input)) as never;
      },
      read: async (command: object) => {
        calls.push('DescribeSecurityGroups');
        return (await world.sim.call('DescribeSecurityGroups', (command as { input: Record<string, unknown> }).input)) as never;
      },
    };

    const revoked = await ensureHttpsIngressRevoked(groupId, ['172.31.0.0/20', '172.31.16.0/20'], io);

    expect(revoked).toEqual(['172.31.0.0/20']);
    expect(calls).toEqual(['RevokeSecurityGroupIngress']);
    expect(await world.httpsSources(groupId)).toEqual([]);
  });

  it('reads the group again when a revoke answer lists an unknown permission on another port', async () => {
    const sent: string[][] = [];
    const answers = [{ Return: true, UnknownIpPermissions: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '10.0.16.0/20' }] }] }, { Return: true }];
    const io = {
      write: async (_action: string, command: object) => answers[sent.push(cidrsSent(command)) - 1],
      read: async () => group(['10.0.16.0/20']),
    };

    const revoked = await ensureHttpsIngressRevoked('sg-0aaa', ['10.0.16.0/20'], io);

    expect(sent).toEqual([['10.0.16.0/20'], ['10.0.16.0/20']]);
    expect(revoked).toEqual(['10.0.16.0/20']);
  });

  it('does not take a rule EC2 reports on another port for the HTTPS rule it was asked to add', async () => {
    const sent: string[][] = [];
    const answers = [
      { Return: true, SecurityGroupRules: [{ FromPort: 80, ToPort: 80, CidrIpv4: '10.0.16.0/20' }] },
      { Return: true, SecurityGroupRules: [{ FromPort: 443, ToPort: 443, CidrIpv4: '10.0.16.0/20' }] },
    ];
    const io = {
      write: async (_action: string, command: object) => answers[sent.push(cidrsSent(command)) - 1],
      read: async () => group([]),
    };

    const added = await ensureHttpsIngress('sg-0aaa', ['10.0.16.0/20'], io);

    expect(sent).toEqual([['10.0.16.0/20'], ['10.0.16.0/20']]);
    expect(added).toEqual(['10.0.16.0/20']);
  });

  it('sends each CIDR once per call, whatever its spelling, as EC2 refuses the same permission twice', async () => {
    const sent: object[] = [];
    const io = { write: async (_action: string, command: object) => (sent.push(command), { Return: true }), read: async () => group([]) };

    await ensureHttpsIngress('sg-0aaa', ['2001:db8::/64', '2001:0db8:0::/64', '10.0.16.0/20', '10.0.16.0/20'], io);

    expect((sent[0] as { input: unknown }).input).toEqual({
      GroupId: 'sg-0aaa',
      IpPermissions: [
        expect.objectContaining({ IpRanges: [expect.objectContaining({ CidrIp: '10.0.16.0/20' })], Ipv6Ranges: [expect.objectContaining({ CidrIpv6: '2001:0db8:0::/64' })] }),
      ],
    });
  });

  it('keeps going for four rounds while another writer keeps adding one of its CIDRs, and gives up after the fourth', async () => {
    const duplicate = () => ec2Error('InvalidPermission.Duplicate', 'the specified rule already exists');
    const run = async (conflicts: number) => {
      let writes = 0;
      const io = {
        write: async () => {
          writes += 1;
          if (writes <= conflicts) throw duplicate();
          return { Return: true };
        },
        read: async () => group([]),
      };
      const outcome = await ensureHttpsIngress('sg-0aaa', ['10.0.16.0/20'], io).then((added) => added, (error: Error) => error.name);
      return { outcome, writes };
    };

    expect(await run(3)).toEqual({ outcome: ['10.0.16.0/20'], writes: 4 });
    expect(await run(4)).toEqual({ outcome: 'IngressNotConvergedError', writes: 4 });
  });
});

describe('the rule calls at their edges', () => {
  const https = (cidrs: string[]) => ({
    SecurityGroups: [{ GroupId: 'sg-0aaa', IpPermissions: cidrs.length > 0 ? [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: cidrs.map((CidrIp) => ({ CidrIp })) }] : [] }],
  });
  /** An io that answers the writes in turn and records each call's CIDRs; reads answer `group`. */
  const scripted = (answers: (object | undefined)[], group: object = https([])) => {
    const sent: string[][] = [];
    let reads = 0;
    return {
      sent,
      reads: () => reads,
      io: {
        write: async (_action: string, command: object) => {
          const input = (command as { input: { IpPermissions: { IpRanges?: { CidrIp: string }[] }[] } }).input;
          sent.push((input.IpPermissions[0]?.IpRanges ?? []).map((range) => range.CidrIp));
          return answers[sent.length - 1] as never;
        },
        read: async () => (reads++, group as never),
      },
    };
  };

  it('makes no call for no CIDRs', async () => {
    const { sent, io } = scripted([]);
    await expect(ensureHttpsIngress('sg-0aaa', [], io)).resolves.toEqual([]);
    await expect(ensureHttpsIngressRevoked('sg-0aaa', [], io)).resolves.toEqual([]);
    expect(sent).toEqual([]);
  });

  it.each<[string, object | undefined]>([
    ['Return false', { Return: false }],
    ['no answer at all', undefined],
  ])('reads the group again when an authorize call answers %s, and sends what it lacks', async (_case, answer) => {
    const { sent, reads, io } = scripted([answer, { Return: true }]);
    await expect(ensureHttpsIngress('sg-0aaa', ['10.0.16.0/20'], io)).resolves.toEqual(['10.0.16.0/20']);
    expect(sent).toEqual([['10.0.16.0/20'], ['10.0.16.0/20']]);
    expect(reads()).toBe(1);
  });

  it.each<[string, object | undefined]>([
    ['Return false', { Return: false }],
    ['no answer at all', undefined],
  ])('reads the group again when a revoke call answers %s, and revokes what it still holds', async (_case, answer) => {
    const { sent, reads, io } = scripted([answer, { Return: true }], https(['10.0.16.0/20']));
    await expect(ensureHttpsIngressRevoked('sg-0aaa', ['10.0.16.0/20'], io)).resolves.toEqual(['10.0.16.0/20']);
    expect(sent).toEqual([['10.0.16.0/20'], ['10.0.16.0/20']]);
    expect(reads()).toBe(1);
  });

  it('reads the group again when a revoke answer lists an unknown HTTPS CIDR it was not sent', async () => {
    const unknown = { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.0.99.0/24' }] };
    const { sent, reads, io } = scripted([{ Return: true, UnknownIpPermissions: [unknown] }], https([]));
    await expect(ensureHttpsIngressRevoked('sg-0aaa', ['10.0.16.0/20'], io)).resolves.toEqual([]);
    expect(sent).toEqual([['10.0.16.0/20']]);
    expect(reads()).toBe(1);
  });

  it('returns nothing added when, after a duplicate, the group already holds every CIDR', async () => {
    const duplicate = ec2Error('InvalidPermission.Duplicate', 'the specified rule already exists');
    const io = { write: async () => Promise.reject(duplicate), read: async () => https(['10.0.16.0/20']) as never };
    await expect(ensureHttpsIngress('sg-0aaa', ['10.0.16.0/20'], io)).resolves.toEqual([]);
  });

  it.each([
    ['443 to 8443', 443, 8443],
    ['80 to 443', 80, 443],
  ])('does not take a rule EC2 reports on ports %s for the HTTPS rule it was asked to add', async (_case, FromPort, ToPort) => {
    const { sent, io } = scripted([{ Return: true, SecurityGroupRules: [{ FromPort, ToPort, CidrIpv4: '10.0.16.0/20' }] }, { Return: true }]);
    await ensureHttpsIngress('sg-0aaa', ['10.0.16.0/20'], io);
    expect(sent).toHaveLength(2);
  });

  it('reads the one group by its ID: an unfiltered DescribeSecurityGroups draws on a smaller bucket of its own', async () => {
    const duplicate = ec2Error('InvalidPermission.Duplicate', 'the specified rule already exists');
    const reads: unknown[] = [];
    const io = { write: async () => Promise.reject(duplicate), read: async (command: object) => (reads.push((command as { input: unknown }).input), https(['10.0.16.0/20']) as never) };
    await ensureHttpsIngress('sg-0aaa', ['10.0.16.0/20'], io);
    expect(reads).toEqual([{ GroupIds: ['sg-0aaa'] }]);
  });

  it.each([
    ['an empty answer', { SecurityGroups: [] }],
    ['only another group', { SecurityGroups: [{ GroupId: 'sg-0bbb', IpPermissions: [] }] }],
  ])('fails plainly when the group is not described (%s) after a duplicate', async (_case, answer) => {
    const duplicate = ec2Error('InvalidPermission.Duplicate', 'the specified rule already exists');
    const io = { write: async () => Promise.reject(duplicate), read: async () => answer as never };
    await expect(ensureHttpsIngress('sg-0aaa', ['10.0.16.0/20'], io)).rejects.toThrow('Security group sg-0aaa was not described; cannot check its HTTPS rules.');
  });

  it.each([
    ['add', ensureHttpsIngress, 'InvalidPermission.Duplicate', https([]), 'missing'],
    ['revoke', ensureHttpsIngressRevoked, 'InvalidPermission.NotFound', https(['10.0.16.0/20']), 'holding'],
  ])('says what is still wrong when the rules do not settle (%s)', async (_case, ensure, code, group, word) => {
    const conflict = ec2Error(code);
    const io = { write: async () => Promise.reject(conflict), read: async () => group as never };
    await expect(ensure('sg-0aaa', ['10.0.16.0/20'], io)).rejects.toThrow(
      `The HTTPS rules of security group sg-0aaa did not settle: still ${word} 10.0.16.0/20 after 4 rounds. Something else is changing them; the next attempt looks again.`,
    );
  });
});

describe('httpsPermissions', () => {
  it('names only the address families it has, each range described', () => {
    const description = 'HTTPS from an application subnet';
    expect(httpsPermissions(['10.0.16.0/20'])).toEqual([{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.0.16.0/20', Description: description }] }]);
    expect(httpsPermissions(['2001:db8::/64'])).toEqual([{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, Ipv6Ranges: [{ CidrIpv6: '2001:db8::/64', Description: description }] }]);
  });
});
