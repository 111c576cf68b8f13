import { policyGrammarProblems } from '../../lib/properties/policy-grammar';

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
    ['neither Action nor NotAction', { Statement: { Effect: 'Allow', Resource: '*' } }, ['Statement: needs Action or NotAction']],
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
});
