import { ownedBy, startScenario, type Scenario } from '../support/scenario';

/**
 * Every endpoint state the EC2 API has is handled deliberately (README, "Endpoint states"): the simulator's endpointFate
 * fault drives a new ecr.api endpoint into each of them instead of `available`.
 */
describe('endpoints that do not become available', () => {
  let scenario: Scenario;
  afterEach(async () => scenario.close());

  const ecrApi = (serviceName: string) => serviceName === 'com.amazonaws.us-east-1.ecr.api';

  it.each([
    ['failed', 'EC2 could not create it'],
    ['rejected', 'the service refused the connection'],
    ['expired', 'the connection request expired'],
  ] as const)('answers FAILED for an endpoint that ended %s, and a retry replaces it', async (fate, meaning) => {
    scenario = await startScenario();
    scenario.sim.faults.endpointFate = ({ serviceName }) => (ecrApi(serviceName) ? fate : undefined);
    const event = scenario.cfn.createEvent(scenario.properties({ GatewayServices: [] }));

    const failed = await scenario.invoke(event);
    const physicalId = failed?.body?.PhysicalResourceId as string;
    const [dead] = (await ownedBy(scenario.sim, physicalId)).endpoints.filter((endpoint) => ecrApi(endpoint.ServiceName));
    scenario.sim.faults.endpointFate = undefined;
    const retried = await scenario.invoke(event);

    expect(failed?.body?.Status).toBe('FAILED');
    expect(failed?.body?.Reason).toContain(`${dead?.VpcEndpointId} (com.amazonaws.us-east-1.ecr.api) is ${fate}: ${meaning}`);
    expect(failed?.body?.Reason).toContain('The next update or retry replaces it.');
    expect(retried?.body?.Status).toBe('SUCCESS');
    const replacement = retried?.body?.Data?.['EndpointId.ecr.api'];
    expect(replacement).toMatch(/^vpce-/);
    expect(replacement).not.toBe(dead?.VpcEndpointId);
    expect(scenario.sim.writes().some((call) => call.action === 'DeleteVpcEndpoints' && JSON.stringify(call.input).includes(dead?.VpcEndpointId as string))).toBe(true);
  });

  it('answers FAILED for a partial endpoint with what to do, and does not replace it on its own', async () => {
    scenario = await startScenario();
    scenario.sim.faults.endpointFate = ({ serviceName }) => (ecrApi(serviceName) ? 'partial' : undefined);
    const event = scenario.cfn.createEvent(scenario.properties({ GatewayServices: [] }));

    const failed = await scenario.invoke(event);
    const creates = () => scenario.sim.writes().filter((call) => call.action === 'CreateVpcEndpoint' && ecrApi(call.input['ServiceName'] as string)).length;
    const createsBefore = creates();
    const retried = await scenario.invoke(event);

    expect(failed?.body?.Status).toBe('FAILED');
    expect(failed?.body?.Reason).toContain('is partial: it serves in some of its subnets only');
    expect(failed?.body?.Reason).toContain('aws ec2 delete-vpc-endpoints --vpc-endpoint-ids vpce-');
    expect(retried?.body?.Status).toBe('FAILED');
    expect(createsBefore).toBe(1);
    expect(creates()).toBe(1);
  });

  it.each([
    [
      { state: 'failed', lastError: { code: 'InsufficientFreeAddressesInSubnet', message: 'The subnet has no free addresses.' } },
      'is failed (EC2: InsufficientFreeAddressesInSubnet: The subnet has no free addresses.): EC2 could not create it',
    ],
    [{ state: 'partial', failureReason: 'Could not place a network interface in one subnet.' }, 'is partial (EC2: Could not place a network interface in one subnet.): it serves'],
  ] as const)("quotes EC2's own reason (LastError, FailureReason) for an endpoint that ended %o", async (fate, quoted) => {
    scenario = await startScenario();
    scenario.sim.faults.endpointFate = ({ serviceName }) => (ecrApi(serviceName) ? fate : undefined);

    const failed = await scenario.invoke(scenario.cfn.createEvent(scenario.properties({ GatewayServices: [] })));

    expect(failed?.body?.Status).toBe('FAILED');
    expect(failed?.body?.Reason).toContain(`(com.amazonaws.us-east-1.ecr.api) ${quoted}`);
  });

  it('keeps waiting for an endpoint pending acceptance, and hands over rather than fail', async () => {
    scenario = await startScenario();
    scenario.sim.faults.endpointFate = ({ serviceName }) => (ecrApi(serviceName) ? 'pendingAcceptance' : undefined);

    const response = await scenario.invoke(scenario.cfn.createEvent(scenario.properties({ GatewayServices: [] })));

    expect(response).toBeUndefined();
    expect(scenario.continuations).toHaveLength(1);
    expect(scenario.logs.some((line) => line.includes('pendingacceptance') || line.includes('pendingAcceptance'))).toBe(true);
  });
});
