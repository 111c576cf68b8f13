/**
 * The construct against the provider's own specification (`lib/properties`, `lib/protocol/outputs.ts`): names, order,
 * defaults, choices, documented defaults, encoding and output keys. Any change on one side fails here until the other
 * follows.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { KNOWN_PROPERTIES, parseProperties } from '../../lib/properties';
import { readServiceName } from '../../lib/properties/service-names';
import * as spec from '../../lib/properties/spec';
import { DOCUMENTED_OUTPUTS } from '../../lib/protocol/outputs';
import { CONSUMER_OUTPUTS } from '../../lib/consumer/outputs';
import { CONSUMER_PROPERTIES, parseConsumerProperties } from '../../lib/consumer/properties';
import { CONSUMER_RESOURCE_TYPE as PROVIDER_CONSUMER_TYPE } from '../../lib/consumer/resource-type';
import {
  CONSUMER_OUTPUT_ATTRIBUTES,
  CONSUMER_PROPERTY_NAMES,
  CONSUMER_RESOURCE_TYPE,
  VpcEndpointConsumer,
  type VpcEndpointConsumerProps,
  DEFAULT_GATEWAY_SERVICES,
  DEFAULT_INTERFACE_SERVICES,
  DEFAULT_SUBNET_PREFIX_LENGTH,
  EXISTING_ENDPOINTS_MODES,
  IP_ADDRESS_TYPES,
  OUTPUT_ATTRIBUTES,
  PROPERTY_NAMES,
  S3_GATEWAY_POLICIES,
  VpcEndpoints,
  shortServiceName,
  type ExistingEndpointsMode,
  type IpAddressType,
  type S3GatewayPolicy,
  type Tag,
  type VpcEndpointsProperties,
  type VpcEndpointsProps,
} from '../src';

// Compile-time checks (npm run typecheck): each line fails to compile when the two sides' types differ.
type Equal<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const typesAgree: [
  Equal<keyof VpcEndpointsProperties, keyof spec.EndpointSpec>,
  Equal<IpAddressType, spec.IpAddressType>,
  Equal<ExistingEndpointsMode, spec.ExistingEndpointsMode>,
  Equal<S3GatewayPolicy, spec.S3GatewayPolicy>,
  Equal<Tag, spec.Tag>,
] = [true, true, true, true, true];

/** What CloudFormation does to a custom resource's properties: every scalar leaf becomes a string. */
function asCloudFormationSends(value: unknown): unknown {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(asCloudFormationSends);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, asCloudFormationSends(item)]));
  }
  return value;
}

/** The properties the provider receives for these props. */
function received(props: VpcEndpointsProps<string, string>): Record<string, unknown> {
  const stack = new Stack(new App(), 'Drift');
  new VpcEndpoints(stack, 'Endpoints', props);
  const [resource] = Object.values(Template.fromStack(stack).findResources('Custom::VpcEndpoints'));
  return asCloudFormationSends((resource as { Properties: Record<string, unknown> }).Properties) as Record<string, unknown>;
}

/** The choices the provider names when it refuses a value of the property. */
function providerChoices(property: string): string[] {
  try {
    parseProperties({ VpcId: 'vpc-0123abcd', SubnetIds: ['subnet-0123abcd'], [property]: 'no-such-choice' });
  } catch (error) {
    const problem = (error as { problems: string[] }).problems.find((text) => text.startsWith(`${property} must be one of`));
    if (problem !== undefined) return [...problem.slice(0, problem.indexOf(';')).matchAll(/"([^"]+)"/g)].map((match) => match[1] as string);
  }
  throw new Error(`The provider accepted ${property} "no-such-choice"`);
}

const MINIMAL = { vpcId: 'vpc-0123abcd', subnetIds: ['subnet-0123abcd'] };

describe('the construct against the provider\'s property specification', () => {
  it('has the same types as the provider\'s spec (checked at compile time)', () => {
    expect(typesAgree).toEqual([true, true, true, true, true]);
  });

  it('names every property the provider knows, in the documented order, as its camelCase prop', () => {
    expect(Object.values(PROPERTY_NAMES)).toEqual(KNOWN_PROPERTIES);
    for (const [prop, name] of Object.entries(PROPERTY_NAMES)) expect(prop).toBe(name.charAt(0).toLowerCase() + name.slice(1));
  });

  it('has the provider\'s defaults', () => {
    expect(DEFAULT_INTERFACE_SERVICES).toEqual(spec.DEFAULT_INTERFACE_SERVICES);
    expect(DEFAULT_GATEWAY_SERVICES).toEqual(spec.DEFAULT_GATEWAY_SERVICES);
    expect(DEFAULT_SUBNET_PREFIX_LENGTH).toBe(spec.DEFAULT_SUBNET_PREFIX_LENGTH);
  });

  it.each([
    ['IpAddressType', IP_ADDRESS_TYPES],
    ['ExistingEndpoints', EXISTING_ENDPOINTS_MODES],
    ['S3GatewayPolicy', S3_GATEWAY_POLICIES],
  ])('offers exactly the provider\'s choices of %s', (property, choices) => {
    expect([...choices]).toEqual(providerChoices(property));
  });

  it('documents each prop with its property name and the default the provider applies', () => {
    // Prepare: the TSDoc of each prop of VpcEndpointsProperties, and what the provider makes of the minimal props.
    const source = readFileSync(join(__dirname, '../src/properties.ts'), 'utf8');
    const parsed = parseProperties(received(MINIMAL)) as unknown as Record<string, unknown>;

    for (const [prop, name] of Object.entries(PROPERTY_NAMES)) {
      const doc = new RegExp(`/\\*\\*((?:(?!\\*/)[\\s\\S])*)\\*/\\s*readonly ${prop}\\??:`).exec(source)?.[1];
      expect({ prop, documented: doc !== undefined }).toEqual({ prop, documented: true });
      const text = (doc as string).replace(/^\s*\* ?/gm, '');

      // Assess: the doc starts with the property's name; its @default is the provider's (a "- …" default means none).
      expect(text.trim().startsWith(`\`${name}\`:`)).toBe(true);
      const documentedDefault = /@default (.*)/.exec(text)?.[1]?.trim();
      if (documentedDefault === undefined) {
        expect({ prop, required: KNOWN_PROPERTIES.indexOf(name) < 2 }).toEqual({ prop, required: true });
      } else if (documentedDefault.startsWith('-')) {
        // "None": an empty list, nothing, an empty record — or, for AllowedConsumers, no account beyond the hub's own.
        const none = prop === 'allowedConsumers' ? { kind: 'accounts', accountIds: [] } : Array.isArray(parsed[prop]) ? [] : parsed[prop] === undefined ? undefined : {};
        expect({ prop, value: parsed[prop] }).toEqual({ prop, value: none });
      } else {
        expect({ prop, value: parsed[prop] }).toEqual({ prop, value: JSON.parse(documentedDefault.replace(/'/g, '"')) });
      }
    }
  });

  it('encodes the minimal props so that the provider applies its defaults', () => {
    expect(parseProperties(received(MINIMAL))).toEqual({
      vpcId: 'vpc-0123abcd',
      subnetIds: ['subnet-0123abcd'],
      interfaceServices: ['ecr.api', 'ecr.dkr', 'logs'],
      gatewayServices: ['s3'],
      subnetPrefixLength: 28,
      privateDnsEnabled: true,
      tags: [],
      securityGroupIds: [],
      ipAddressType: 'ipv4',
      existingEndpoints: 'fail',
      endpointPolicies: {},
      s3GatewayPolicy: 'full',
      dnsMode: 'PrivateDns',
      allowedConsumers: { kind: 'accounts', accountIds: [] },
    });
  });

  it('encodes every prop so that the provider reads back what was given', () => {
    // Prepare
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'logs:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': true } } }] };

    // Act
    const spec = parseProperties(
      received({
        vpcId: 'vpc-0123abcd',
        subnetIds: ['subnet-0123abcd', 'subnet-4567ef01'],
        interfaceServices: ['logs', 'com.amazonaws.eu-west-1.sts'],
        gatewayServices: ['s3', 'dynamodb'],
        subnetPrefixLength: 27,
        privateDnsEnabled: false,
        tags: [{ key: 'team', value: 'platform' }],
        securityGroupIds: ['sg-0123abcd'],
        ipAddressType: 'dualstack',
        ipv4IpamPoolId: 'ipam-pool-0123456789abcdef0',
        existingEndpoints: 'reuse',
        endpointPolicies: { logs: policy },
        s3GatewayPolicy: 'ecr-layers-only',
        dnsMode: 'HostedZones',
        allowedConsumers: ['111122223333', '444455556666'],
      }),
    );

    // Assess: the policy arrives with string leaves (CloudFormation's encoding), as from a YAML template.
    expect(spec).toEqual({
      vpcId: 'vpc-0123abcd',
      subnetIds: ['subnet-0123abcd', 'subnet-4567ef01'],
      interfaceServices: ['logs', 'com.amazonaws.eu-west-1.sts'],
      gatewayServices: ['s3', 'dynamodb'],
      subnetPrefixLength: 27,
      privateDnsEnabled: false,
      tags: [{ key: 'team', value: 'platform' }],
      securityGroupIds: ['sg-0123abcd'],
      ipAddressType: 'dualstack',
      ipv4IpamPoolId: 'ipam-pool-0123456789abcdef0',
      existingEndpoints: 'reuse',
      endpointPolicies: {
        logs: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"logs:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"true"}}}]}',
      },
      s3GatewayPolicy: 'ecr-layers-only',
      dnsMode: 'HostedZones',
      allowedConsumers: { kind: 'accounts', accountIds: ['111122223333', '444455556666'] },
    });
  });

  it('reads a CidrRange back', () => {
    expect(parseProperties(received({ ...MINIMAL, cidrRange: '10.0.128.0/20' })).cidrRange).toBe('10.0.128.0/20');
  });

  it.each([
    'ecr.dkr',
    's3',
    'com.amazonaws.eu-west-1.ecr.dkr',
    'cn.com.amazonaws.cn-north-1.ecr.api',
    'com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0',
    'aws.sagemaker.us-east-1.notebook',
    'com.amazonaws.us-gov-west-1.logs',
    'com.amazonaws.eu-west-10.sts',
  ])('finds the short name the provider uses in output keys: %s', (name) => {
    const reading = readServiceName(name);
    if (!('name' in reading)) throw new Error(`the provider refuses ${name}: ${reading.problem}`);
    expect(shortServiceName(name)).toBe(reading.name.service);
  });

  it('lists exactly the outputs the provider documents', () => {
    expect([...OUTPUT_ATTRIBUTES]).toEqual([...DOCUMENTED_OUTPUTS]);
  });
});

/** The properties the provider receives for these consumer props. */
function consumerReceived(props: VpcEndpointConsumerProps): Record<string, unknown> {
  const stack = new Stack(new App(), 'ConsumerDrift');
  new VpcEndpointConsumer(stack, 'Consumer', props);
  const [resource] = Object.values(Template.fromStack(stack).findResources(CONSUMER_RESOURCE_TYPE));
  const { ServiceToken: _token, ServiceTimeout: _timeout, ...own } = asCloudFormationSends((resource as { Properties: Record<string, unknown> }).Properties) as Record<string, unknown>;
  return own;
}

const HUB_ID = 'arn:aws:ec2:eu-west-1:111122223333:vpc/vpc-0f0e0d0c';
const STACK_PLACE = { partition: 'aws', region: 'eu-west-1' };

describe('the consumer construct against the provider\'s consumer specification', () => {
  it('declares the provider\'s consumer type, exactly', () => {
    expect(CONSUMER_RESOURCE_TYPE).toBe(PROVIDER_CONSUMER_TYPE);
  });

  it('names every property the provider\'s consumer knows, in the documented order, as its camelCase prop', () => {
    expect(Object.values(CONSUMER_PROPERTY_NAMES)).toEqual(CONSUMER_PROPERTIES);
    for (const [prop, name] of Object.entries(CONSUMER_PROPERTY_NAMES)) expect(prop).toBe(name.charAt(0).toLowerCase() + name.slice(1));
  });

  it('documents each prop with its property name first', () => {
    const source = readFileSync(join(__dirname, '../src/vpc-endpoint-consumer.ts'), 'utf8');
    for (const [prop, name] of Object.entries(CONSUMER_PROPERTY_NAMES)) {
      const doc = new RegExp(`/\\*\\*((?:(?!\\*/)[\\s\\S])*)\\*/\\s*readonly ${prop}\\??:`).exec(source)?.[1]?.replace(/^\s*\* ?/gm, '');
      expect({ prop, starts: doc?.trim().startsWith(`\`${name}\`:`) }).toEqual({ prop, starts: true });
    }
  });

  it('encodes the minimal props so that the provider reads them and applies its defaults', () => {
    expect(parseConsumerProperties(consumerReceived({ vpcId: 'vpc-0123abcd', hubId: HUB_ID }), STACK_PLACE)).toEqual({
      vpcId: 'vpc-0123abcd',
      hubId: HUB_ID,
      hub: { partition: 'aws', region: 'eu-west-1', accountId: '111122223333', vpcId: 'vpc-0f0e0d0c' },
      gatewayServices: [],
      tags: [],
    });
  });

  it('encodes every prop so that the provider reads back what was given', () => {
    const spec = parseConsumerProperties(
      consumerReceived({ vpcId: 'vpc-0123abcd', hubId: HUB_ID, services: ['logs', 'com.amazonaws.eu-west-1.ecr.dkr'], gatewayServices: [], tags: [{ key: 'team', value: 'platform' }] }),
      STACK_PLACE,
    );

    expect(spec.services?.map((name) => name.written)).toEqual(['logs', 'com.amazonaws.eu-west-1.ecr.dkr']);
    expect(spec.tags).toEqual([{ key: 'team', value: 'platform' }]);
    expect(spec.gatewayServices).toEqual([]);
  });

  it('lists exactly the outputs the provider answers for a consumer', () => {
    expect([...CONSUMER_OUTPUT_ATTRIBUTES]).toEqual([...CONSUMER_OUTPUTS]);
  });
});
