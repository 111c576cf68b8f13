/**
 * The FAILED answer for bad properties is what a person reads in the stack's events: each row pins one problem word
 * for word, hints included (and their absence where a hint would mislead), so a change of wording is a choice made
 * here, not an accident.
 */
import { MINIMAL_POLICY, problemsOf, withProperties } from './support';

const EXPECTED_SERVICE_NAME =
  'expected a short name such as "ecr.dkr" (lower-case letters, digits, "." and "-") or a full name such as "com.amazonaws.eu-west-1.ecr.dkr"';

describe('the words of each problem', () => {
  it.each<[string, Record<string, unknown>, string]>([
    [
      'an ID in upper case, with the lower-case ID it would be',
      { VpcId: 'vpc-0123ABCD' },
      'VpcId "vpc-0123ABCD" is not a VPC ID: expected "vpc-" followed by 8 or 17 lower-case hexadecimal digits. IDs are lower-case: did you mean "vpc-0123abcd"?',
    ],
    [
      'an ID in upper case that lower case would not mend, without a hint',
      { VpcId: 'VPC-0123ABCG' },
      'VpcId "VPC-0123ABCG" is not a VPC ID: expected "vpc-" followed by 8 or 17 lower-case hexadecimal digits.',
    ],
    ['a repeated subnet, named as a subnet', { SubnetIds: ['subnet-0123abcd', 'subnet-0123abcd'] }, 'SubnetIds[1] "subnet-0123abcd" repeats SubnetIds[0]; list each subnet once.'],
    [
      'one service written two ways, with the earlier spelling',
      { InterfaceServices: ['logs', 'com.amazonaws.eu-west-1.logs'] },
      'InterfaceServices[1] "com.amazonaws.eu-west-1.logs" repeats InterfaceServices[0] "logs" (the same service); list each service once.',
    ],
    [
      'a gateway service without a gateway endpoint, and where it belongs',
      { GatewayServices: ['sqs'] },
      'GatewayServices[0] "sqs" does not offer a Gateway endpoint: only "s3" and "dynamodb" do (short or full names); list other services under InterfaceServices.',
    ],
    [
      'too many tags, and why 40',
      { Tags: Array.from({ length: 41 }, (_, index) => ({ Key: `key-${index}`, Value: 'v' })) },
      'Tags has 41 tags; at most 40 are allowed (EC2 allows 50 per resource, and this provider adds its own ownership tags and a Name).',
    ],
    [
      'a misspelt tag field, with the field meant',
      { Tags: [{ Key: 'k', Value: 'v', Vaule: 'w' }] },
      'Tags[0] has an unknown field "Vaule"; a tag has only Key and Value. Did you mean `Value`?',
    ],
    ['an unrelated tag field, without a guess', { Tags: [{ Key: 'k', Value: 'v', Colour: 'w' }] }, 'Tags[0] has an unknown field "Colour"; a tag has only Key and Value.'],
    [
      'an IPAM pool and a range together',
      { Ipv4IpamPoolId: 'ipam-pool-0123456789abcdef0', CidrRange: '10.0.0.0/16' },
      'Ipv4IpamPoolId "ipam-pool-0123456789abcdef0" cannot be combined with CidrRange "10.0.0.0/16": endpoint subnets are carved either from an IPAM pool or from a range of the VPC; give one of them.',
    ],
    ['a property in the wrong case', { vpcid: 'x' }, 'Unknown property "vpcid". Did you mean `VpcId`? Property names are case-sensitive.'],
    ['a misspelt property, without the case remark', { SubnetId: ['subnet-0123abcd'] }, 'Unknown property "SubnetId". Did you mean `SubnetIds`?'],
    ['an unrelated property, without a guess', { Colour: 'blue' }, 'Unknown property "Colour".'],
    [
      'two policies for the S3 gateway',
      { S3GatewayPolicy: 'ecr-layers-only', EndpointPolicies: { s3: MINIMAL_POLICY } },
      'S3GatewayPolicy "ecr-layers-only" cannot be combined with EndpointPolicies["s3"]: both set the S3 gateway endpoint policy; keep one.',
    ],
    ['a service name that is not one', { InterfaceServices: ['ecr dkr'] }, `InterfaceServices[0] "ecr dkr" is not a service name: ${EXPECTED_SERVICE_NAME}.`],
    [
      'a service name in upper case, with the name it would be',
      { InterfaceServices: ['ECR.dkr'] },
      `InterfaceServices[0] "ECR.dkr" is not a service name: ${EXPECTED_SERVICE_NAME} (service names are case-sensitive: did you mean "ecr.dkr"?).`,
    ],
    [
      'a service name in upper case that lower case would not mend, without a hint',
      { InterfaceServices: ['ECR DKR'] },
      `InterfaceServices[0] "ECR DKR" is not a service name: ${EXPECTED_SERVICE_NAME}.`,
    ],
  ])('%s', (_label, overrides, expected) => {
    expect(problemsOf(withProperties(overrides))).toEqual([expected]);
  });
});
