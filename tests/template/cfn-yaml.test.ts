import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCfnTemplate, parseCfnYaml } from '../support/cfn-yaml';

describe('parseCfnYaml', () => {
  const cases: [string, string, unknown][] = [
    ['!Ref', 'v: !Ref VpcId', { Ref: 'VpcId' }],
    ['!GetAtt dotted', 'v: !GetAtt Fn.Arn', { 'Fn::GetAtt': ['Fn', 'Arn'] }],
    ['!GetAtt splits at the first dot only', 'v: !GetAtt Db.Endpoint.Address', { 'Fn::GetAtt': ['Db', 'Endpoint.Address'] }],
    ['!GetAtt list', 'v: !GetAtt [Fn, Arn]', { 'Fn::GetAtt': ['Fn', 'Arn'] }],
    ['!Sub string', "v: !Sub '${AWS::StackName}-x'", { 'Fn::Sub': '${AWS::StackName}-x' }],
    ['!Sub list', "v: !Sub ['${a}', { a: !Ref B }]", { 'Fn::Sub': ['${a}', { a: { Ref: 'B' } }] }],
    ['!Join', "v: !Join ['', [a, !Ref B]]", { 'Fn::Join': ['', ['a', { Ref: 'B' }]] }],
    ['!If with !Ref AWS::NoValue', 'v: !If [C, x, !Ref AWS::NoValue]', { 'Fn::If': ['C', 'x', { Ref: 'AWS::NoValue' }] }],
    ['!Not of !Equals', "v: !Not [!Equals [!Ref P, '']]", { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'P' }, ''] }] }],
    ['!And/!Or/!Condition', 'v: !And [!Condition A, !Or [!Condition B, !Condition C]]', {
      'Fn::And': [{ Condition: 'A' }, { 'Fn::Or': [{ Condition: 'B' }, { Condition: 'C' }] }],
    }],
    ['!Select of !GetAZs', "v: !Select [0, !GetAZs '']", { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] }],
    ['!Split', "v: !Split [',', !Ref L]", { 'Fn::Split': [',', { Ref: 'L' }] }],
    ['!ImportValue', 'v: !ImportValue vpce-provisioner-ServiceToken', { 'Fn::ImportValue': 'vpce-provisioner-ServiceToken' }],
    ['!FindInMap', 'v: !FindInMap [M, A, B]', { 'Fn::FindInMap': ['M', 'A', 'B'] }],
    ['!GetAZs with a map', 'v: !GetAZs { Ref: AWS::Region }', { 'Fn::GetAZs': { Ref: 'AWS::Region' } }],
    ['!Base64 of a long form', 'v: !Base64 { Fn::Sub: x }', { 'Fn::Base64': { 'Fn::Sub': 'x' } }],
  ];

  it.each(cases)('turns %s into its long form', (_name, text, expected) => {
    expect(parseCfnYaml(text)).toEqual({ v: expected });
  });

  it('rejects a !GetAtt without an attribute', () => {
    expect(() => parseCfnYaml('v: !GetAtt Fn')).toThrow(/Resource\.Attribute/);
  });

  it('rejects duplicate keys, as CloudFormation does', () => {
    expect(() => parseCfnYaml('a: 1\na: 2')).toThrow();
  });
});

describe('loadCfnTemplate', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cfn-yaml-'));
  const write = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('reads a template with typed resources', () => {
    const path = write('ok.yaml', 'Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n');
    expect(loadCfnTemplate(path).Resources['Topic']?.Type).toBe('AWS::SNS::Topic');
  });

  it.each([
    ['no Resources section', 'Outputs: {}\n', /no Resources/],
    ['a resource without Type', 'Resources:\n  Topic:\n    Properties: {}\n', /Topic has no Type/],
  ])('rejects a file with %s', (_name, text, message) => {
    expect(() => loadCfnTemplate(write('bad.yaml', text))).toThrow(message);
  });
});
