/**
 * A guard for code that must never change anything, such as `vpce-provisioner plan`: it passes reads through and
 * refuses every other command before it leaves the process.
 */
import { ProvisionerError } from '../errors';
import { actionNameOf, type Ec2Sender } from './paced-client';

/** EC2 actions that only read: the Describe*, Get* and List* families. */
const READ_ONLY_PREFIXES = ['Describe', 'Get', 'List'] as const;

/**
 * True when an EC2 action only reads. Judged by name, so an action this code base has never heard of is refused
 * rather than trusted.
 *
 * @example
 * isReadOnlyAction('DescribeSubnets') // true
 * isReadOnlyAction('CreateSubnet') // false
 */
export function isReadOnlyAction(action: string): boolean {
  return READ_ONLY_PREFIXES.some((prefix) => action.startsWith(prefix) && action.length > prefix.length);
}

/** A command that would change EC2 was stopped before it was sent. A bug in the caller, never retried. */
export class WriteRefusedError extends ProvisionerError {
  constructor(readonly action: string) {
    super(`Refused to send ${action}: this client is read-only (only Describe*, Get* and List* actions are allowed).`);
    this.name = 'WriteRefusedError';
  }
}

/**
 * Sends read-only commands through `inner` and rejects any other command with {@link WriteRefusedError}, without
 * sending it. Put it outermost, so a refused command reaches neither EC2 nor any retrying layer beneath.
 *
 * @example
 * const ec2 = new ReadOnlyEc2Client(new EC2Client({ region: 'eu-west-1' }));
 * await ec2.send(new DescribeVpcsCommand({})); // sent
 * await ec2.send(new CreateSubnetCommand({ VpcId, CidrBlock })); // rejects with WriteRefusedError; nothing is sent
 */
export class ReadOnlyEc2Client implements Ec2Sender {
  constructor(private readonly inner: Ec2Sender) {}

  // The SDK's send is generic over every command; `any` is the honest type at this boundary (see Ec2Sender).
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async send(command: any): Promise<any> {
    const action = typeof command === 'object' && command !== null ? actionNameOf(command) : String(command);
    if (!isReadOnlyAction(action)) throw new WriteRefusedError(action);
    return this.inner.send(command);
  }
}
