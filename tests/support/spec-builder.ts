/**
 * EndpointSpec values for tests of the pure modules: the defaults `lib/properties/index.ts` would give minimal properties,
 * with any field overridable.
 */
import {
  DEFAULT_GATEWAY_SERVICES,
  DEFAULT_INTERFACE_SERVICES,
  DEFAULT_SUBNET_PREFIX_LENGTH,
  type EndpointSpec,
} from '../../lib/properties/spec';

/** The VPC every builder in tests/support refers to unless told otherwise. */
export const TEST_VPC_ID = 'vpc-0a1b2c3d4e5f60718';

/** The three application subnets of the standard test VPC (see observation-builder.ts), one per AZ ID. */
export const TEST_APP_SUBNET_IDS: readonly string[] = ['subnet-0000000000000a001', 'subnet-0000000000000a002', 'subnet-0000000000000a003'];

/**
 * A spec as parsed from minimal properties (default services, /28 subnets, private DNS on, IPv4, ExistingEndpoints
 * fail, full S3 policy), with `overrides` applied on top.
 *
 * @example
 * buildSpec({ interfaceServices: ['ecr.api'], ipAddressType: 'dualstack' })
 */
export function buildSpec(overrides: Partial<EndpointSpec> = {}): EndpointSpec {
  return {
    vpcId: TEST_VPC_ID,
    subnetIds: TEST_APP_SUBNET_IDS,
    interfaceServices: DEFAULT_INTERFACE_SERVICES,
    gatewayServices: DEFAULT_GATEWAY_SERVICES,
    subnetPrefixLength: DEFAULT_SUBNET_PREFIX_LENGTH,
    privateDnsEnabled: true,
    tags: [],
    securityGroupIds: [],
    ipAddressType: 'ipv4',
    existingEndpoints: 'fail',
    endpointPolicies: {},
    s3GatewayPolicy: 'full',
    dnsMode: 'PrivateDns',
    allowedConsumers: { kind: 'accounts', accountIds: [] },
    ...overrides,
  };
}
