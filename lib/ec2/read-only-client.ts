/**
 * A guard for code that must never change anything, such as `vpce-provisioner plan`: it passes reads through and
 * refuses every other command before it leaves the process. One guard for every AWS client the preview reads through
 * (EC2, Route 53, Service Quotas): all three name their reads Describe*, Get* or List*.
 */
import { ProvisionerError } from '../errors';
import { actionNameOf, type Ec2Sender } from './paced-client';

/** Actions that only read: the Describe*, Get* and List* families, in EC2, Route 53 and Service Quotas alike. */
const READ_ONLY_PREFIXES = ['Describe', 'Get', 'List'] as const;

/**
 * True when an AWS action only reads. Judged by name, so an action this code base has never heard of is refused
 * rather than trusted.
 *
 * @example
 * isReadOnlyAction('DescribeSubnets') // true
 * isReadOnlyAction('ListHostedZonesByVPC') // true
 * isReadOnlyAction('CreateSubnet') // false
 */
export function isReadOnlyAction(action: string): boolean {
  return READ_ONLY_PREFIXES.some((prefix) => action.startsWith(prefix) && action.length > prefix.length);
}

/** A command that would change something was stopped before it was sent. A bug in the caller, never retried. */
export class WriteRefusedError extends ProvisionerError {
  constructor(
    readonly action: string,
    readonly service = 'EC2',
  ) {
    super(`Refused to send ${service} ${action}: this client is read-only (only Describe*, Get* and List* actions are allowed).`);
    this.name = 'WriteRefusedError';
  }
}

/**
 * Sends read-only commands through `inner` and rejects any other command with {@link WriteRefusedError}, without
 * sending it. Put it outermost, so a refused command reaches neither AWS nor any retrying layer beneath. `service`
 * only names the client in the error.
 *
 * @example
 * const route53 = new ReadOnlyClient(new Route53Client({ region: 'eu-west-1' }), 'Route 53');
 * await route53.send(new ListHostedZonesByVPCCommand({ VPCId, VPCRegion })); // sent
 * await route53.send(new CreateHostedZoneCommand({ Name, CallerReference })); // rejects with WriteRefusedError; nothing is sent
 */
export class ReadOnlyClient implements Ec2Sender {
  constructor(
    private readonly inner: Ec2Sender,
    private readonly service = 'EC2',
  ) {}

  // The SDK's send is generic over every command; `any` is the honest type at this boundary (see Ec2Sender).
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async send(command: any): Promise<any> {
    const action = typeof command === 'object' && command !== null ? actionNameOf(command) : String(command);
    if (!isReadOnlyAction(action)) throw new WriteRefusedError(action, this.service);
    return this.inner.send(command);
  }
}

/**
 * The guard around an EC2 client.
 *
 * @example
 * const ec2 = new ReadOnlyEc2Client(new EC2Client({ region: 'eu-west-1' }));
 * await ec2.send(new DescribeVpcsCommand({})); // sent
 * await ec2.send(new CreateSubnetCommand({ VpcId, CidrBlock })); // rejects with WriteRefusedError; nothing is sent
 */
export class ReadOnlyEc2Client extends ReadOnlyClient {
  constructor(inner: Ec2Sender) {
    super(inner, 'EC2');
  }
}
