import { isPrivateDnsConflict } from '../../lib/ec2/errors';

/** An EC2 error as the SDK raises it: the code in `name`. */
function ec2Error(code: string, message: string): Error {
  return Object.assign(new Error(message), { name: code });
}

const CONFLICT = 'private-dns-enabled cannot be set because there is already a conflicting DNS domain for *.dkr.ecr.us-east-1.amazonaws.com in the VPC vpc-0a1b2c3d';

describe('recognising a private-DNS conflict (aws-facts.md, "Interface endpoints")', () => {
  it.each<[string, Error | string, boolean]>([
    ['InvalidParameter with the conflict message', ec2Error('InvalidParameter', CONFLICT), true],
    // A hosted zone's conflict reported from a real account (2026): the same refusal under another code.
    ['ConflictingDomainExists with the conflict message', ec2Error('ConflictingDomainExists', CONFLICT), true],
    ['ConflictingDomainExists with another message', ec2Error('ConflictingDomainExists', 'The domain already exists.'), true],
    ['another code with the conflict message', ec2Error('InvalidVpcEndpoint.Conflict', CONFLICT), true],
    ['InvalidParameter about something else', ec2Error('InvalidParameter', 'The subnet does not belong to the VPC.'), false],
    ['a plain Error with the message (not from EC2)', new TypeError(CONFLICT), false],
    ['a string', CONFLICT, false],
  ])('%s → %s', (_case, error, expected) => {
    expect(isPrivateDnsConflict(error)).toBe(expected);
  });
});
