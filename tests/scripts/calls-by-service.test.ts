import { formatCallsByService, serviceCallsOf, serviceOfSimulatorCall } from '../support/calls-by-service';
import type { CallRecord } from '../support/ec2-sim';

function simCall(action: string, outcome = 'ok', mutating = false): CallRecord {
  return { action, input: {}, accountId: '123456789012', mutating, outcome, applied: mutating && outcome === 'ok', at: 0 };
}

describe('the calls of a local run, per service', () => {
  it.each([
    ['DescribeVpcEndpoints', 'EC2'],
    ['CreateVpcEndpoint', 'EC2'],
    ['ListHostedZonesByVPC', 'Route 53'],
    ['GetServiceQuota', 'Service Quotas'],
  ])('%s is a call to %s', (action, service) => {
    expect(serviceOfSimulatorCall(action)).toBe(service);
  });

  it('lists each service on its own line, writes that took effect counted, the stack check as CloudFormation', () => {
    const calls = serviceCallsOf(
      [
        simCall('DescribeVpcs'),
        simCall('CreateSubnet', 'ok', true),
        simCall('CreateSubnet', 'RequestLimitExceeded', true),
        simCall('ListHostedZonesByVPC'),
        simCall('GetServiceQuota'),
        simCall('GetServiceQuota'),
      ],
      [{ action: 'DescribeStacks', input: {}, accountId: '123456789012' }],
    );

    expect(formatCallsByService(calls, '> ')).toEqual([
      '> AWS calls: 7 (1 writes)',
      '>   EC2: 3 (1 writes) — DescribeVpcs×1, CreateSubnet×2',
      '>   Route 53: 1 — ListHostedZonesByVPC×1',
      '>   Service Quotas: 2 — GetServiceQuota×2',
      '>   CloudFormation: 1 — DescribeStacks×1',
    ]);
  });

  it('says so when there were none', () => {
    expect(formatCallsByService([])).toEqual(['AWS calls: 0 (0 writes) — none']);
  });
});
