/** One entry of the region's endpoint-services catalogue (DescribeVpcEndpointServices). */
export interface EndpointServiceDefinition {
  /** Short name (`ecr.dkr`); the service name is `com.amazonaws.<region>.<name>`. */
  readonly name: string;
  readonly type: 'Interface' | 'Gateway';
  /**
   * Interface entries only: the name DescribeVpcEndpointServices gives as `PrivateDnsName(s)`. Absent for a service
   * that offers no private DNS (DynamoDB's interface endpoint: aws-facts.md, "Interface endpoints").
   */
  readonly privateDnsName?: string;
  /**
   * True when the service also takes IPv6 (SupportedIpAddressTypes ['ipv4','ipv6']), so endpoints
   * may be `dualstack` or `ipv6`; false for an IPv4-only service.
   */
  readonly supportsIpv6: boolean;
  /** Zone ids where the service is offered; default every zone of the region. */
  readonly zoneIds?: readonly string[];
  /** Default true. */
  readonly policySupported?: boolean;
}

/** A service's full name in a region. */
export function serviceName(region: string, shortName: string): string {
  return `com.amazonaws.${region}.${shortName}`;
}

/**
 * The regional `vpce` domain of a service's endpoints (`BaseEndpointDnsNames`, and the base of every `DnsEntries` name):
 * a dotted short name's labels in host order, as the service's own host names have them — `ecr.dkr` gives
 * `dkr.ecr.<region>.vpce.amazonaws.com`, like `dkr.ecr.<region>.amazonaws.com` (AWS General Reference, "Amazon ECR
 * endpoints"; ECR's registry certificate covers `*.dkr.ecr.<region>.vpce.amazonaws.com`; moto's per-service catalogue
 * agrees, docs/moto-conformance.md). A one-label name (`logs`) stays as it is.
 */
export function vpceDomain(region: string, shortName: string): string {
  return `${shortName.split('.').reverse().join('.')}.${region}.vpce.amazonaws.com`;
}

/**
 * The interface services of a region beyond the ones {@link defaultEndpointServices} spells out: the commonly used part
 * of "AWS services that integrate with AWS PrivateLink" (PrivateLink guide), by their real short names. A real region
 * lists well over 200; these are the ones teams ask for. Private DNS names follow `<name>.<region>.amazonaws.com` except
 * where {@link privateDnsNameOf} says otherwise; the provisioner reads them (a service without one gets private DNS off,
 * and a hosted zone of that name is a conflict).
 */
const MORE_INTERFACE_SERVICES: readonly string[] = [
  'access-analyzer', 'acm', 'acm-pca', 'airflow.api', 'airflow.env', 'airflow.ops', 'apigateway', 'appconfig',
  'appconfigdata', 'application-autoscaling', 'appmesh-envoy-management', 'apprunner', 'appstream.api', 'appsync-api',
  'aps-workspaces', 'athena', 'autoscaling', 'autoscaling-plans', 'backup', 'batch', 'bedrock', 'bedrock-agent',
  'bedrock-agent-runtime', 'bedrock-runtime', 'cassandra', 'cloudcontrolapi', 'cloudformation', 'cloudtrail',
  'codeartifact.api', 'codeartifact.repositories', 'codebuild', 'codecommit', 'codedeploy', 'codedeploy-commands-secure',
  'codepipeline', 'codestar-connections.api', 'cognito-idp', 'comprehend', 'config', 'data-servicediscovery', 'datasync',
  'dms', 'ds', 'ebs', 'ec2', 'eks', 'eks-auth', 'elasticache', 'elasticbeanstalk', 'elasticbeanstalk-health',
  'elasticfilesystem', 'elasticloadbalancing', 'elasticmapreduce', 'email-smtp', 'emr-containers', 'emr-serverless',
  'events', 'fsx', 'git-codecommit', 'glue', 'grafana', 'guardduty-data', 'imagebuilder', 'inspector2', 'iot.data',
  'kafka', 'kinesis-firehose', 'kinesis-streams', 'lakeformation', 'lambda', 'license-manager', 'macie2', 'memory-db',
  'mq', 'network-firewall', 'pi', 'pipes', 'polly', 'ram', 'rds', 'rds-data', 'redshift', 'redshift-data', 'rekognition',
  'resource-groups', 'rolesanywhere', 'rum', 'sagemaker.api', 'sagemaker.runtime', 'schemas', 'securityhub',
  'servicecatalog', 'servicediscovery', 'ssm-contacts', 'ssm-incidents', 'states', 'storagegateway', 'swf', 'sync-states',
  'synthetics', 'tagging', 'textract', 'transfer', 'transfer.server', 'translate', 'workspaces', 'xray',
];

/** Private DNS names that do not follow `<name>.<region>.amazonaws.com` (the services' own PrivateLink pages). */
function privateDnsNameOf(name: string, region: string): string {
  const special: Readonly<Record<string, string>> = {
    // EKS Pod Identity's endpoint lives under api.aws (aws-facts.md, "Interface endpoints"; EKS User Guide, "AWS PrivateLink").
    'eks-auth': `eks-auth.${region}.api.aws`,
    'kinesis-streams': `kinesis.${region}.amazonaws.com`,
    'kinesis-firehose': `firehose.${region}.amazonaws.com`,
    'sagemaker.api': `api.sagemaker.${region}.amazonaws.com`,
    'sagemaker.runtime': `runtime.sagemaker.${region}.amazonaws.com`,
    'iot.data': `data-ats.iot.${region}.amazonaws.com`,
    'codeartifact.repositories': `*.d.codeartifact.${region}.amazonaws.com`,
  };
  return special[name] ?? `${name}.${region}.amazonaws.com`;
}

/**
 * The default catalogue: the services an ECR/ECS workload needs (aws-facts.md, "What ECR/ECS need") spelled out, then
 * the region's other common interface services ({@link MORE_INTERFACE_SERVICES}), about 120 in all. s3 and dynamodb
 * appear twice, once per ServiceType (aws-facts.md, "Gateway endpoints"); DynamoDB's interface entry has no private DNS
 * name (aws-facts.md, "Interface endpoints": it is reported so). `ec2messages` is IPv4-only and
 * `ecs-telemetry` is missing from the region's third zone, so tests can reach both corner cases without configuring
 * anything.
 */
export function defaultEndpointServices(region: string, zoneIds: readonly string[]): EndpointServiceDefinition[] {
  const interfaceService = (name: string, privateDnsName: string | undefined, extra: Partial<EndpointServiceDefinition> = {}) =>
    ({ name, type: 'Interface', privateDnsName, supportsIpv6: true, ...extra }) as EndpointServiceDefinition;
  const constrainedZone = zoneIds[2];
  const spelledOut: EndpointServiceDefinition[] = [
    interfaceService('ecr.api', `api.ecr.${region}.amazonaws.com`),
    interfaceService('ecr.dkr', `*.dkr.ecr.${region}.amazonaws.com`),
    interfaceService('logs', `logs.${region}.amazonaws.com`),
    { name: 's3', type: 'Gateway', supportsIpv6: false },
    interfaceService('s3', `*.s3.${region}.amazonaws.com`),
    { name: 'dynamodb', type: 'Gateway', supportsIpv6: false },
    interfaceService('dynamodb', undefined),
    interfaceService('secretsmanager', `secretsmanager.${region}.amazonaws.com`),
    interfaceService('ssm', `ssm.${region}.amazonaws.com`),
    interfaceService('ssmmessages', `ssmmessages.${region}.amazonaws.com`),
    interfaceService('ec2messages', `ec2messages.${region}.amazonaws.com`, { supportsIpv6: false }),
    interfaceService('ecs', `ecs.${region}.amazonaws.com`),
    interfaceService('ecs-agent', `ecs-a.${region}.amazonaws.com`),
    interfaceService('ecs-telemetry', `ecs-t.${region}.amazonaws.com`, {
      zoneIds: zoneIds.filter((id) => id !== constrainedZone),
    }),
    interfaceService('sts', `sts.${region}.amazonaws.com`),
    interfaceService('kms', `kms.${region}.amazonaws.com`),
    interfaceService('sqs', `sqs.${region}.amazonaws.com`),
    interfaceService('sns', `sns.${region}.amazonaws.com`),
    interfaceService('monitoring', `monitoring.${region}.amazonaws.com`),
    interfaceService('execute-api', `*.execute-api.${region}.amazonaws.com`),
  ];
  return [...spelledOut, ...MORE_INTERFACE_SERVICES.map((name) => interfaceService(name, privateDnsNameOf(name, region)))];
}

/**
 * The AWS-managed prefix lists of gateway services in the regions the simulator knows, as DescribePrefixLists answers
 * them (e.g. `aws ec2 describe-prefix-lists --region us-east-1`: com.amazonaws.us-east-1.s3 is pl-63a5400a). The IDs
 * are fixed per region and the same in every account (VPC User Guide, "Gateway endpoints": "AWS-managed prefix list").
 */
const KNOWN_PREFIX_LISTS: Readonly<Record<string, string>> = {
  'com.amazonaws.us-east-1.s3': 'pl-63a5400a',
  'com.amazonaws.us-east-1.dynamodb': 'pl-02cd2c6b',
  'com.amazonaws.us-west-2.s3': 'pl-68a54001',
  'com.amazonaws.us-west-2.dynamodb': 'pl-00a54069',
  'com.amazonaws.eu-west-1.s3': 'pl-6da54004',
  'com.amazonaws.eu-west-1.dynamodb': 'pl-6fa54006',
  'com.amazonaws.ap-southeast-2.s3': 'pl-6ca54005',
  'com.amazonaws.ap-southeast-2.dynamodb': 'pl-62a5400b',
};

/**
 * The managed prefix list a gateway endpoint's route points at (`pl-` + 8 hex digits): the real ID where known, else
 * one stable per service name, so every route to the same service shows the same list.
 */
export function prefixListId(fullServiceName: string): string {
  const known = KNOWN_PREFIX_LISTS[fullServiceName];
  if (known !== undefined) return known;
  // FNV-1a: a tiny deterministic hash is enough to make distinct, stable ids.
  let hash = 0x811c9dc5;
  for (const char of fullServiceName) {
    hash ^= char.charCodeAt(0);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `pl-${hash.toString(16).padStart(8, '0')}`;
}
