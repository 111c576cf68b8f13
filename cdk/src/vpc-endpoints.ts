/**
 * `VpcEndpoints`: one `Custom::VpcEndpoints` resource with typed props and typed outputs. It renders exactly what a
 * YAML template would declare (the README's quick start), so a stack can move between YAML and CDK unchanged.
 */
import { CfnResource, Duration, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { isUnresolved, renderProperties, type DefaultGatewayService, type DefaultInterfaceService, type VpcEndpointsProperties } from './properties';
import { DEFAULT_GATEWAY_SERVICES, DEFAULT_INTERFACE_SERVICES } from './properties';
import { shortServiceName, type ShortServiceName } from './service-names';

/** The CloudFormation resource type the construct declares. */
export const RESOURCE_TYPE = 'Custom::VpcEndpoints';
/** The SSM parameter every deployment of the provider writes its function's ARN to, in its account and region. */
export const SERVICE_TOKEN_PARAMETER = '/vpce-provisioner/service-token';
/**
 * How long CloudFormation waits for the provider's answer unless told otherwise: endpoints take minutes to create or
 * drain, and the provider hands long waits to fresh invocations of itself, so 30 minutes is ample while a stuck
 * request fails in half of CloudFormation's default hour.
 */
export const DEFAULT_SERVICE_TIMEOUT = Duration.minutes(30);
/** CloudFormation accepts a ServiceTimeout of 1 to 3600 seconds (AWS::CloudFormation::CustomResource). */
const MAX_SERVICE_TIMEOUT_SECONDS = 3600;

/**
 * The outputs the provider answers on every SUCCESS, read with `Fn::GetAtt`; `<service>` is a requested service's
 * short name. Equal to the provider's documented outputs (`test/drift.test.ts`).
 */
export const OUTPUT_ATTRIBUTES = [
  'SubnetIds',
  'SubnetCidrs',
  'SubnetIpv6Cidrs',
  'AvailabilityZoneIds',
  'SecurityGroupId',
  'EndpointIds',
  'EndpointId.<service>',
  'DnsName.<service>',
  'GatewayEndpointId.<service>',
  'PrefixListId.<service>',
  'ReusedEndpointIds',
  'HubId',
  'HostedZoneId.<service>',
  'Notes',
] as const;

/** Props of {@link VpcEndpoints}: the resource's properties plus how CloudFormation reaches the provider. */
export interface VpcEndpointsProps<I extends string = DefaultInterfaceService, G extends string = DefaultGatewayService>
  extends VpcEndpointsProperties<I, G> {
  /**
   * The provider function's ARN (`ServiceToken`), e.g. `Fn.importValue('vpce-provisioner-ServiceToken')` or a
   * `VpcEndpointsProvider`'s token.
   *
   * @default - read at deploy time from the SSM parameter `/vpce-provisioner/service-token` of the stack's account and
   * region (`{{resolve:ssm:/vpce-provisioner/service-token}}`), which every deployment of the provider writes
   */
  readonly serviceToken?: string;
  /**
   * How long CloudFormation waits for the provider's answer (`ServiceTimeout`), 1 second to 60 minutes.
   *
   * @default Duration.minutes(30)
   */
  readonly serviceTimeout?: Duration;
}

/** A service name as the props list it, or its short form. */
export type ServiceNameOf<S extends string> = S | ShortServiceName<S>;

/**
 * Carves one endpoint subnet per AZ in a VPC and creates interface and gateway VPC endpoints there, through the
 * vpce-provisioner custom resource.
 *
 * @example
 * const endpoints = new VpcEndpoints(this, 'Endpoints', {
 *   vpcId: vpc.vpcId,
 *   subnetIds: vpc.privateSubnets.map((subnet) => subnet.subnetId),
 *   interfaceServices: ['ecr.api', 'ecr.dkr', 'logs', 'sts'],
 * });
 * securityGroup.addEgressRule(Peer.prefixList(endpoints.prefixListId('s3')), Port.tcp(443));
 * endpoints.endpointId('sts'); // a token for Fn::GetAtt [Endpoints, EndpointId.sts]
 * endpoints.endpointId('stss'); // throws: names the valid choices
 */
export class VpcEndpoints<I extends string = DefaultInterfaceService, G extends string = DefaultGatewayService> extends Construct {
  /** The `ServiceToken` of a provider that wrote its ARN to an SSM parameter (an SSM dynamic reference). */
  static serviceTokenFromParameter(parameterName: string = SERVICE_TOKEN_PARAMETER): string {
    return `{{resolve:ssm:${parameterName}}}`;
  }

  /** The `Custom::VpcEndpoints` resource; its logical ID can be overridden here. */
  readonly resource: CfnResource;
  /** The interface services requested (as written, or the provider's default). */
  readonly interfaceServices: readonly string[];
  /** The gateway services requested (as written, or the provider's default). */
  readonly gatewayServices: readonly string[];

  /** `SubnetIds`: the endpoint subnets, comma-separated, in AZ-ID order (`Fn.split(',', …)` for a list). */
  readonly attrSubnetIds: string;
  /** `SubnetCidrs`: the endpoint subnets' IPv4 blocks, same order. */
  readonly attrSubnetCidrs: string;
  /** `SubnetIpv6Cidrs`: their IPv6 /64s (dual-stack), same order; empty when none has IPv6. */
  readonly attrSubnetIpv6Cidrs: string;
  /** `AvailabilityZoneIds`: the endpoint subnets' AZ IDs, same order. */
  readonly attrAvailabilityZoneIds: string;
  /** `SecurityGroupId`: the security group the provider manages (empty when there are no interface endpoints). */
  readonly attrSecurityGroupId: string;
  /** `EndpointIds`: the endpoints this resource manages, interface endpoints first, comma-separated. */
  readonly attrEndpointIds: string;
  /** `ReusedEndpointIds`: other teams' endpoints reused under `existingEndpoints: 'reuse'`, comma-separated. */
  readonly attrReusedEndpointIds: string;
  /** `Notes`: what a person should know, `; `-separated (empty when nothing). */
  readonly attrNotes: string;
  /**
   * `HubId`: with `dnsMode: 'HostedZones'`, the hub's ID (its VPC's ARN) that a `VpcEndpointConsumer`'s `hubId`
   * names; empty otherwise.
   */
  readonly attrHubId: string;

  constructor(scope: Construct, id: string, props: VpcEndpointsProps<I, G>) {
    super(scope, id);
    this.interfaceServices = props.interfaceServices ?? DEFAULT_INTERFACE_SERVICES;
    this.gatewayServices = props.gatewayServices ?? DEFAULT_GATEWAY_SERVICES;
    this.checkPolicyKeys(props.endpointPolicies);
    this.resource = new CfnResource(this, 'Resource', {
      type: RESOURCE_TYPE,
      properties: {
        ServiceToken: props.serviceToken ?? VpcEndpoints.serviceTokenFromParameter(),
        ServiceTimeout: serviceTimeoutSeconds(props.serviceTimeout ?? DEFAULT_SERVICE_TIMEOUT),
        ...renderProperties(props),
      },
    });
    this.attrSubnetIds = this.attribute('SubnetIds');
    this.attrSubnetCidrs = this.attribute('SubnetCidrs');
    this.attrSubnetIpv6Cidrs = this.attribute('SubnetIpv6Cidrs');
    this.attrAvailabilityZoneIds = this.attribute('AvailabilityZoneIds');
    this.attrSecurityGroupId = this.attribute('SecurityGroupId');
    this.attrEndpointIds = this.attribute('EndpointIds');
    this.attrReusedEndpointIds = this.attribute('ReusedEndpointIds');
    this.attrNotes = this.attribute('Notes');
    this.attrHubId = this.attribute('HubId');
  }

  /**
   * `EndpointId.<service>`: the interface endpoint of a requested interface service (short or full name).
   *
   * @throws Error when the props request no such interface service, naming the valid choices
   */
  endpointId(service: ServiceNameOf<I>): string {
    return this.attribute(`EndpointId.${this.requested('endpointId', 'interface', service)}`);
  }

  /**
   * `DnsName.<service>`: the regional DNS name of a requested interface service's endpoint, for clients when private
   * DNS is off.
   *
   * @throws Error when the props request no such interface service, naming the valid choices
   */
  dnsName(service: ServiceNameOf<I>): string {
    return this.attribute(`DnsName.${this.requested('dnsName', 'interface', service)}`);
  }

  /**
   * `GatewayEndpointId.<service>`: the gateway endpoint of a requested gateway service (empty when another team's
   * gateway endpoint already serves every application route table).
   *
   * @throws Error when the props request no such gateway service, naming the valid choices
   */
  gatewayEndpointId(service: ServiceNameOf<G>): string {
    return this.attribute(`GatewayEndpointId.${this.requested('gatewayEndpointId', 'gateway', service)}`);
  }

  /**
   * `PrefixListId.<service>`: the AWS-managed prefix list of a requested gateway service, for security-group egress
   * rules (`Peer.prefixList(endpoints.prefixListId('s3'))`).
   *
   * @throws Error when the props request no such gateway service, naming the valid choices
   */
  prefixListId(service: ServiceNameOf<G>): string {
    return this.attribute(`PrefixListId.${this.requested('prefixListId', 'gateway', service)}`);
  }

  /** The provider's rule, at synth: each EndpointPolicies key is a listed service exactly as written. */
  private checkPolicyKeys(policies: object | undefined): void {
    const listed = [...this.interfaceServices, ...this.gatewayServices];
    if (policies === undefined || isUnresolved(this.interfaceServices) || isUnresolved(this.gatewayServices)) return;
    for (const key of Object.keys(policies)) {
      if (listed.includes(key)) continue;
      throw new Error(
        `${this.node.path}: endpointPolicies has a policy for '${key}', which is not in interfaceServices or gatewayServices; ` +
          `keys must match a listed service exactly as written (listed: ${listed.map((name) => `'${name}'`).join(', ')}).`,
      );
    }
  }

  private attribute(name: string): string {
    return Token.asString(this.resource.getAtt(name));
  }

  /** The short name the output key uses, after checking that the props request the service. */
  private requested(accessor: string, kind: 'interface' | 'gateway', service: string): string {
    const short = shortServiceName(service);
    const listed = kind === 'interface' ? this.interfaceServices : this.gatewayServices;
    // A list known only at deploy time (a parameter, an import) cannot be checked here; the output exists if it lists the service.
    if (isUnresolved(listed)) return short;
    const shortNames = listed.map(shortServiceName);
    if (shortNames.includes(short)) return short;

    const choices = shortNames.length === 0 ? `none (${kind}Services is empty)` : shortNames.map((name) => `'${name}'`).join(', ');
    const other = kind === 'interface' ? this.gatewayServices : this.interfaceServices;
    const otherAccessor = kind === 'interface' ? 'gatewayEndpointId' : 'endpointId';
    const hint =
      !isUnresolved(other) && other.map(shortServiceName).includes(short)
        ? ` '${short}' is a ${kind === 'interface' ? 'gateway' : 'interface'} service here: use ${otherAccessor}('${short}').`
        : '';
    throw new Error(
      `${this.node.path}: ${accessor}('${service}') names no ${kind} service of this resource; valid choices: ${choices}.${hint}`,
    );
  }
}

/** `ServiceTimeout` in seconds, checked against CloudFormation's limit when known at synth. */
export function serviceTimeoutSeconds(timeout: Duration): number {
  const seconds = timeout.toSeconds();
  if (!Token.isUnresolved(seconds) && (seconds < 1 || seconds > MAX_SERVICE_TIMEOUT_SECONDS)) {
    throw new Error(`serviceTimeout must be 1 second to 60 minutes (CloudFormation's limit for a custom resource); got ${seconds} seconds.`);
  }
  return seconds;
}
