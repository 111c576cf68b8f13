import { gatewayPolicyProblems, policyGrammarProblems } from '../../lib/properties/policy-grammar';
import { ecrLayersOnlyPolicy } from '../../lib/reconcile/desired';

/**
 * The shape of an endpoint policy, checked before any write: a policy EC2 would refuse (InvalidPolicyDocument) must fail
 * the request with zero writes, naming what is wrong (IAM User Guide, "IAM JSON policy elements reference").
 */
const ALLOW_PULLS = { Effect: 'Allow', Principal: '*', Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'], Resource: '*' };

describe('policyGrammarProblems', () => {
  it.each<[string, Record<string, unknown>]>([
    ['a statement list', { Version: '2012-10-17', Statement: [ALLOW_PULLS] }],
    ['a single statement object and the older Version', { Version: '2008-10-17', Id: 'pulls', Statement: ALLOW_PULLS }],
    ['NotAction, NotResource and NotPrincipal', { Statement: [{ Sid: 'x', Effect: 'Deny', NotPrincipal: { AWS: ['arn:aws:iam::111122223333:root'] }, NotAction: 's3:*', NotResource: ['arn:aws:s3:::a'] }] }],
    ['a principal object of strings and lists', { Statement: [{ ...ALLOW_PULLS, Principal: { AWS: 'arn:aws:iam::111122223333:root', Service: ['ecs.amazonaws.com'] } }] }],
    ['conditions with strings, numbers, booleans and lists of them', { Statement: [{ ...ALLOW_PULLS, Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc' }, NumericLessThan: { 'aws:MultiFactorAuthAge': 3600 }, Bool: { 'aws:SecureTransport': true }, StringLike: { 'aws:userid': ['A*', 'B*'] } } }] }],
  ])('accepts %s', (_label, document) => {
    expect(policyGrammarProblems(document)).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ['an unknown top-level field', { Statement: [ALLOW_PULLS], Statements: [] }, ['has an unknown field "Statements" (a policy has Version, Id and Statement)']],
    ['another Version', { Version: '2024-01-01', Statement: [ALLOW_PULLS] }, ['Version "2024-01-01" must be "2012-10-17" (or the older "2008-10-17")']],
    ['no Statement', { Version: '2012-10-17' }, ['has no Statement']],
    ['an empty Statement list', { Statement: [] }, ['Statement must not be empty']],
    ['a statement that is not an object', { Statement: ['Allow'] }, ['Statement[0]: must be an object; got "Allow"']],
    [
      'an unknown statement field',
      { Statement: [{ ...ALLOW_PULLS, Actions: '*' }] },
      ['Statement[0]: unknown field "Actions" (a statement has Sid, Effect, Principal, NotPrincipal, Action, NotAction, Resource, NotResource, Condition)'],
    ],
    ['no Effect', { Statement: { Principal: '*', Action: '*', Resource: '*' } }, ['Statement: has no Effect ("Allow" or "Deny")']],
    ['another Effect', { Statement: { ...ALLOW_PULLS, Effect: 'allow' } }, ['Statement: Effect "allow" must be "Allow" or "Deny"']],
    ['neither Action nor NotAction', { Statement: { Effect: 'Allow', Principal: '*', Resource: '*' } }, ['Statement: needs Action or NotAction']],
    ['both Resource and NotResource', { Statement: { ...ALLOW_PULLS, NotResource: '*' } }, ['Statement: has both Resource and NotResource; keep one']],
    ['an empty Action list', { Statement: { ...ALLOW_PULLS, Action: [] } }, ['Statement: Action must be a string or a non-empty list of strings; got []']],
    ['an Action list holding a number', { Statement: { ...ALLOW_PULLS, Action: ['ecr:*', 7] } }, ['Statement: Action must be a string or a non-empty list of strings; got ["ecr:*",7]']],
    ['a numeric Resource', { Statement: { ...ALLOW_PULLS, Resource: 7 } }, ['Statement: Resource must be a string or a non-empty list of strings; got 7']],
    ['both Principal and NotPrincipal', { Statement: { ...ALLOW_PULLS, NotPrincipal: '*' } }, ['Statement: has both Principal and NotPrincipal; keep one']],
    ['a Principal that is a bare ARN', { Statement: { ...ALLOW_PULLS, Principal: 'arn:aws:iam::111122223333:root' } }, ['Statement: Principal must be "*" or an object such as {"AWS": ["arn:…"]}; got "arn:aws:iam::111122223333:root"']],
    ['a Principal object with one bad value', { Statement: { ...ALLOW_PULLS, Principal: { AWS: 'arn:aws:iam::111122223333:root', Service: 5 } } }, ['Statement: Principal must be "*" or an object such as {"AWS": ["arn:…"]}; got {"AWS":"arn:aws:iam::111122223333:root","Service":5}']],
    ['a Condition that is a string', { Statement: { ...ALLOW_PULLS, Condition: 'o-abc' } }, ['Statement: Condition must map operators to condition keys and values, as in {"StringEquals": {"aws:PrincipalOrgID": "o-…"}}; got "o-abc"']],
    ['a Condition whose second block is not an object', { Statement: { ...ALLOW_PULLS, Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc' }, Bool: true } } }, ['Statement: Condition must map operators to condition keys and values, as in {"StringEquals": {"aws:PrincipalOrgID": "o-…"}}; got {"StringEquals":{"aws:PrincipalOrgID":"o-abc"},"Bool":true}']],
    ['a Condition value that is an object', { Statement: { ...ALLOW_PULLS, Condition: { StringEquals: { k: 'v', j: { a: 1 } } } } }, ['Statement: Condition must map operators to condition keys and values, as in {"StringEquals": {"aws:PrincipalOrgID": "o-…"}}; got {"StringEquals":{"k":"v","j":{"a":1}}}']],
    ['a Condition value that is an empty list', { Statement: { ...ALLOW_PULLS, Condition: { StringLike: { 'aws:userid': [] } } } }, ['Statement: Condition must map operators to condition keys and values, as in {"StringEquals": {"aws:PrincipalOrgID": "o-…"}}; got {"StringLike":{"aws:userid":[]}}']],
    ['a Condition list holding a null', { Statement: { ...ALLOW_PULLS, Condition: { StringLike: { 'aws:userid': ['A*', null] } } } }, ['Statement: Condition must map operators to condition keys and values, as in {"StringEquals": {"aws:PrincipalOrgID": "o-…"}}; got {"StringLike":{"aws:userid":["A*",null]}}']],
  ])('names %s', (_label, document, expected) => {
    expect(policyGrammarProblems(document)).toEqual(expected);
  });

  // PrivateLink guide, "Control access to VPC endpoints using endpoint policies": a Principal element; no wildcards or
  // numeric operators with the global keys that reference system-generated identifiers.
  const withCondition = (condition: Record<string, unknown>) => ({ Statement: [{ ...ALLOW_PULLS, Condition: condition }] });
  it.each<[string, Record<string, unknown>, string[]]>([
    [
      'a second statement without Principal',
      { Statement: [ALLOW_PULLS, { Effect: 'Deny', Action: 'ecr:DeleteRepository', Resource: '*' }] },
      ['Statement[1]: has no Principal; an endpoint policy names one in every statement ("*" for any principal, or {"AWS": ["arn:…"]})'],
    ],
    [
      'a wildcard on aws:SourceVpc',
      withCondition({ StringLike: { 'aws:SourceVpc': 'vpc-0abc*' } }),
      ['Statement[0]: Condition StringLike on aws:SourceVpc: an endpoint policy takes no wildcard (* or ?) on a key holding a system-generated ID; got "vpc-0abc*"'],
    ],
    [
      'a ? in the second value of a list on aws:PrincipalAccount',
      withCondition({ 'ForAnyValue:StringLike': { 'aws:PrincipalAccount': ['111122223333', '11112222333?'] } }),
      ['Statement[0]: Condition ForAnyValue:StringLike on aws:PrincipalAccount: an endpoint policy takes no wildcard (* or ?) on a key holding a system-generated ID; got "11112222333?"'],
    ],
    [
      'a numeric operator on aws:PrincipalAccount',
      withCondition({ NumericEquals: { 'aws:PrincipalAccount': 111122223333 } }),
      ['Statement[0]: Condition NumericEquals on aws:PrincipalAccount: an endpoint policy takes no numeric operator on a key holding a system-generated ID; use StringEquals'],
    ],
    [
      'a numeric IfExists operator on a key in another case',
      withCondition({ NumericLessThanIfExists: { 'aws:SOURCEVPCE': 5 } }),
      ['Statement[0]: Condition NumericLessThanIfExists on aws:SOURCEVPCE: an endpoint policy takes no numeric operator on a key holding a system-generated ID; use StringEquals'],
    ],
  ])('names %s', (_label, document, expected) => {
    expect(policyGrammarProblems(document)).toEqual(expected);
  });

  it.each<[string, Record<string, unknown>]>([
    ['exact values on the system-generated keys', withCondition({ StringEquals: { 'aws:SourceVpc': 'vpc-0abc', 'aws:PrincipalOrgID': 'o-abc' } })],
    ['wildcards on aws:PrincipalArn and aws:PrincipalOrgPaths', withCondition({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/build-*' }, 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': 'o-abc/r-ab12/ou-*' } })],
  ])('accepts %s', (_label, document) => {
    expect(policyGrammarProblems(document)).toEqual([]);
  });
});

describe('gatewayPolicyProblems', () => {
  it.each<[string, Record<string, unknown>, string[]]>([
    ['an account principal', { Statement: [{ ...ALLOW_PULLS, Principal: { AWS: '111122223333' } }] }, ['Statement[0]: a gateway endpoint\'s policy must say "Principal": "*" and name principals with the aws:PrincipalArn condition key; got {"AWS":"111122223333"}']],
    ['{"AWS": "*"}', { Statement: { ...ALLOW_PULLS, Principal: { AWS: '*' } } }, ['Statement: a gateway endpoint\'s policy must say "Principal": "*" and name principals with the aws:PrincipalArn condition key; got {"AWS":"*"}']],
    [
      'NotPrincipal in the second statement',
      { Statement: [ALLOW_PULLS, { Effect: 'Deny', NotPrincipal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: '*', Resource: '*' }] },
      ['Statement[1]: a gateway endpoint\'s policy must say "Principal": "*" and name principals with the aws:PrincipalArn condition key; got NotPrincipal {"AWS":"arn:aws:iam::111122223333:root"}'],
    ],
  ])('names %s', (_label, document, expected) => {
    expect(gatewayPolicyProblems(document)).toEqual(expected);
  });

  it.each(['aws', 'aws-cn', 'aws-us-gov', 'aws-eusc'])('passes the ecr-layers-only policy the code writes for the S3 gateway (%s)', (partition) => {
    const document = JSON.parse(ecrLayersOnlyPolicy(partition, 'eu-west-1')) as Record<string, unknown>;

    expect([...policyGrammarProblems(document), ...gatewayPolicyProblems(document)]).toEqual([]);
    expect(document['Statement']).toEqual([expect.objectContaining({ Principal: '*' })]);
  });
});
