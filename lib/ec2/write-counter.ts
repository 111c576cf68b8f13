import { actionNameOf, type Ec2Sender } from './paced-client';

/** Passes commands through and counts the EC2 writes that succeed: an invocation that made one has made progress. */
export function countingWrites(sender: Ec2Sender, progress: { writes: number }): Ec2Sender {
  return {
    // The SDK's send is generic over every command; `any` is the honest type at this boundary.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async send(command: any): Promise<any> {
      const output = await sender.send(command);
      if (!/^(Describe|Get|List)/.test(actionNameOf(command))) progress.writes++;
      return output;
    },
  };
}
