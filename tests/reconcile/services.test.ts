/**
 * Service names: short names as users write them, resolved against the catalogue EC2 returns, in every partition.
 */
import { isFullServiceName, nearestServiceName, resolveServiceName, shortServiceName } from '../../lib/reconcile/services';

const CATALOGUE = [
  'com.amazonaws.eu-west-1.ecr.api',
  'com.amazonaws.eu-west-1.ecr.dkr',
  'com.amazonaws.eu-west-1.logs',
  'com.amazonaws.eu-west-1.s3',
  'com.amazonaws.us-east-1.ecr.dkr',
  'aws.api.eu-west-1.kendra-ranking',
  'aws.sagemaker.eu-west-1.notebook',
  'com.amazonaws.eu-west-1.notebook',
  'com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0',
];
const CHINA_CATALOGUE = ['cn.com.amazonaws.cn-north-1.ecr.dkr', 'com.amazonaws.cn-north-1.s3'];

describe('resolveServiceName', () => {
  // Each row: the name as written, the region, the catalogue, and the full name it resolves to (undefined: none).
  const cases: [string, string, string[], string | undefined][] = [
    ['ecr.dkr', 'eu-west-1', CATALOGUE, 'com.amazonaws.eu-west-1.ecr.dkr'],
    ['ecr.api', 'eu-west-1', CATALOGUE, 'com.amazonaws.eu-west-1.ecr.api'],
    ['com.amazonaws.eu-west-1.logs', 'eu-west-1', CATALOGUE, 'com.amazonaws.eu-west-1.logs'],
    ['ecr.dkr', 'us-east-1', CATALOGUE, 'com.amazonaws.us-east-1.ecr.dkr'],
    ['logs', 'us-east-1', CATALOGUE, undefined],
    ['dkr', 'eu-west-1', CATALOGUE, undefined],
    ['ecr', 'eu-west-1', CATALOGUE, undefined],
    ['com.amazonaws.eu-west-1.sqs', 'eu-west-1', CATALOGUE, undefined],
    ['com.amazonaws.us-east-1.logs', 'eu-west-1', CATALOGUE, undefined],
    ['kendra-ranking', 'eu-west-1', CATALOGUE, 'aws.api.eu-west-1.kendra-ranking'],
    ['notebook', 'eu-west-1', CATALOGUE, 'com.amazonaws.eu-west-1.notebook'],
    ['com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0', 'eu-west-1', CATALOGUE, 'com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0'],
    ['ecr.dkr', 'cn-north-1', CHINA_CATALOGUE, 'cn.com.amazonaws.cn-north-1.ecr.dkr'],
    ['s3', 'cn-north-1', CHINA_CATALOGUE, 'com.amazonaws.cn-north-1.s3'],
    ['ecr.dkr', 'eu-west-1', [], undefined],
    // The European Sovereign Cloud: `eu.amazonaws` for some services, `com.amazonaws` for others (AWS CDK).
    ['ecr.dkr', 'eusc-de-east-1', ['aws.api.eusc-de-east-1.ecr.dkr', 'eu.amazonaws.eusc-de-east-1.ecr.dkr', 'com.amazonaws.eusc-de-east-1.ecs'], 'eu.amazonaws.eusc-de-east-1.ecr.dkr'],
    ['ecs', 'eusc-de-east-1', ['eu.amazonaws.eusc-de-east-1.ecr.dkr', 'com.amazonaws.eusc-de-east-1.ecs'], 'com.amazonaws.eusc-de-east-1.ecs'],
    ['com.amazonaws.eusc-de-east-1.ecr.dkr', 'eusc-de-east-1', ['eu.amazonaws.eusc-de-east-1.ecr.dkr'], undefined],
  ];

  it.each(cases)('%s in %s → %s', (requested, region, catalogue, expected) => {
    expect(resolveServiceName(requested, region, catalogue)).toBe(expected);
  });

  it('prefers AWS-owned names, then the shortest, whatever the catalogue order', () => {
    const names = ['aws.sagemaker.eu-west-1.notebook', 'com.amazonaws.eu-west-1.notebook'];
    expect(resolveServiceName('notebook', 'eu-west-1', names)).toBe('com.amazonaws.eu-west-1.notebook');
    expect(resolveServiceName('notebook', 'eu-west-1', [...names].reverse())).toBe('com.amazonaws.eu-west-1.notebook');
    const thirdParty = ['aws.partner.long.eu-west-1.feed', 'aws.api.eu-west-1.feed'];
    expect(resolveServiceName('feed', 'eu-west-1', thirdParty)).toBe('aws.api.eu-west-1.feed');
  });

  it('accepts any iterable catalogue, such as map keys', () => {
    const byName = new Map(CATALOGUE.map((name) => [name, true]));
    expect(resolveServiceName('logs', 'eu-west-1', byName.keys())).toBe('com.amazonaws.eu-west-1.logs');
  });
});

describe('isFullServiceName', () => {
  it.each([
    ['com.amazonaws.eu-west-1.ecr.dkr', true],
    ['cn.com.amazonaws.cn-north-1.ecr.dkr', true],
    ['aws.sagemaker.eu-west-1.notebook', true],
    ['com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0', true],
    ['com.amazonaws.s3-global.accesspoint', true],
    ['ecr.dkr', false],
    ['s3', false],
    ['execute-api', false],
    ['sagemaker.featurestore-runtime', false],
  ])('%s → %s', (name, expected) => {
    expect(isFullServiceName(name)).toBe(expected);
  });
});

describe('shortServiceName', () => {
  it.each([
    ['com.amazonaws.eu-west-1.ecr.dkr', 'eu-west-1', 'ecr.dkr'],
    ['cn.com.amazonaws.cn-north-1.ecr.api', 'cn-north-1', 'ecr.api'],
    ['aws.api.eu-west-1.kendra-ranking', 'eu-west-1', 'kendra-ranking'],
    ['com.amazonaws.eu-west-1.s3', 'eu-west-1', 's3'],
    ['com.amazonaws.us-east-1.logs', 'eu-west-1', 'com.amazonaws.us-east-1.logs'],
    ['com.amazonaws.s3-global.accesspoint', 'eu-west-1', 'com.amazonaws.s3-global.accesspoint'],
  ])('%s in %s → %s', (serviceName, region, expected) => {
    expect(shortServiceName(serviceName, region)).toBe(expected);
  });

  it('inverts resolveServiceName for every AWS name of the region', () => {
    const regional = CATALOGUE.filter((name) => name.startsWith('com.amazonaws.eu-west-1.'));
    expect(regional.length).toBeGreaterThan(0);
    for (const full of regional) {
      expect(resolveServiceName(shortServiceName(full, 'eu-west-1'), 'eu-west-1', CATALOGUE)).toBe(full);
    }
  });
});

describe('nearestServiceName', () => {
  const catalogue = [...CATALOGUE, 'com.amazonaws.eu-west-1.secretsmanager', 'com.amazonaws.eu-west-1.sts', 'com.amazonaws.us-east-1.ssm'];
  // Each row: the unknown name as written, and the suggestion in the same form (undefined: nothing close enough).
  const cases: [string, string | undefined][] = [
    ['secretmanager', 'secretsmanager'],
    ['ecr.dkrr', 'ecr.dkr'],
    ['ECR.API', 'ecr.api'],
    ['stss', 'sts'],
    ['com.amazonaws.eu-west-1.secretmanager', 'com.amazonaws.eu-west-1.secretsmanager'],
    ['ssmm', undefined],
    ['dynamodb', undefined],
    ['com.amazonaws.eu-west-1.nothing-like-it', undefined],
  ];

  it.each(cases)('%s → %s', (requested, expected) => {
    expect(nearestServiceName(requested, 'eu-west-1', catalogue)).toBe(expected);
  });
});
