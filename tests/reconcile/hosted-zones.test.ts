/**
 * listPrivateHostedZones on its own: what it reads from each page, when it gives up on the check (a skipped read), and
 * the one failure it must not word as a skipped check (running out of the invocation's time). The scenarios in
 * tests/features test it through discovery against the simulator's Route 53.
 */
import { ListHostedZonesByVPCCommand } from '@aws-sdk/client-route-53';
import { OutOfTimeError } from '../../lib/errors';
import type { Ec2Sender } from '../../lib/ec2/paced-client';
import { createLogger } from '../../lib/protocol/logger';
import { listPrivateHostedZones } from '../../lib/reconcile/hosted-zones';
import { ec2Error } from './apply/support';

const VPC_ID = 'vpc-0a1b2c3d4e5f67890';

/** A Route 53 stand-in that answers each call with the next of `answers` and records the requests. */
function route53Answering(...answers: (object | Error)[]): Ec2Sender & { readonly requests: Record<string, unknown>[] } {
  const requests: Record<string, unknown>[] = [];
  return {
    requests,
    async send(command: ListHostedZonesByVPCCommand) {
      requests.push({ ...command.input });
      const answer = answers.shift();
      if (answer === undefined) throw new Error('no answer scripted for this call');
      if (answer instanceof Error) throw answer;
      return answer;
    },
  };
}

describe('listPrivateHostedZones', () => {
  it('reads every page, keeping each zone with its owning account or service', async () => {
    const route53 = route53Answering(
      { HostedZoneSummaries: [{ HostedZoneId: 'Z1', Name: 'dkr.ecr.eu-west-1.amazonaws.com.', Owner: { OwningAccount: '111122223333' } }], NextToken: 'page-2' },
      { HostedZoneSummaries: [{ HostedZoneId: 'Z2', Name: 'internal.example.', Owner: { OwningService: 'servicediscovery.amazonaws.com' } }, { Name: 'no-id.' }] },
    );

    const listing = await listPrivateHostedZones(route53, VPC_ID, 'eu-west-1');

    expect(listing).toEqual({
      zones: [
        { zoneId: 'Z1', name: 'dkr.ecr.eu-west-1.amazonaws.com.', owner: '111122223333' },
        { zoneId: 'Z2', name: 'internal.example.', owner: 'servicediscovery.amazonaws.com' },
      ],
    });
    expect(route53.requests).toEqual([
      { VPCId: VPC_ID, VPCRegion: 'eu-west-1', MaxItems: 100 },
      { VPCId: VPC_ID, VPCRegion: 'eu-west-1', MaxItems: 100, NextToken: 'page-2' },
    ]);
  });

  it.each([
    ['a refused permission', ec2Error('AccessDenied'), true],
    ['any other failure', ec2Error('InternalFailure'), false],
  ])('gives up the check on %s, says so in the log, and lets EC2 refuse a conflict itself', async (_case, error, denied) => {
    const lines: string[] = [];
    const log = createLogger({}, (line) => lines.push(line));

    const listing = await listPrivateHostedZones(route53Answering(error), VPC_ID, 'eu-west-1', log);

    expect(listing).toEqual({ skipped: expect.objectContaining({ permission: 'route53:ListHostedZonesByVPC', denied }) });
    expect(lines).toEqual([expect.stringContaining('private hosted zones of the VPC are not checked before writing')]);
  });

  it("rethrows running out of the invocation's time, so the request is handed over rather than written without the check", async () => {
    const outOfTime = new OutOfTimeError('ListHostedZonesByVPC');
    const route53 = route53Answering({ HostedZoneSummaries: [], NextToken: 'page-2' }, outOfTime);

    await expect(listPrivateHostedZones(route53, VPC_ID, 'eu-west-1')).rejects.toBe(outOfTime);
  });
});
