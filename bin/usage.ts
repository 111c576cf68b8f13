/** The text of `vpce-provisioner --help`: every flag, and the exit codes. */
import { DEFAULT_LOGICAL_ID } from '../lib/preview';

export const USAGE = `Usage: vpce-provisioner plan --vpc vpc-… --subnets subnet-…,subnet-… [options]
       vpce-provisioner plan --consumer --vpc vpc-… --hub-id arn:…:vpc/vpc-… [--hub-profile P] [options]

Previews what the VpcEndpoints custom resource would do to the VPC on a Create (or, with
--old-properties, an Update), without changing anything: only the reads a Create makes are sent
(EC2 Describe*, Route 53 ListHostedZonesByVPC, Service Quotas GetServiceQuota), with STS
GetCallerIdentity for the account and, with --pricing live, Price List GetProducts.

Resource properties (the same rules and messages as the resource; lists are comma-separated):
  --vpc ID                     VpcId (required, here or in --properties)
  --subnets IDS                SubnetIds (required, here or in --properties)
  --interface-services NAMES   InterfaceServices (default ecr.api,ecr.dkr,logs; '' for none)
  --gateway-services NAMES     GatewayServices (default s3; '' for none)
  --prefix-length N            SubnetPrefixLength (default 28)
  --private-dns true|false     PrivateDnsEnabled (default true)
  --ip-address-type TYPE       IpAddressType: ipv4, dualstack or ipv6 (default ipv4)
  --ipam-pool ID               Ipv4IpamPoolId
  --cidr-range CIDR            CidrRange
  --existing-endpoints MODE    ExistingEndpoints: fail or reuse (default fail)
  --tags KEY=VALUE,…           Tags, on everything the resource creates
  --security-groups IDS        SecurityGroupIds: extra groups for the interface endpoints (at most 4)
  --s3-gateway-policy POLICY   S3GatewayPolicy: full or ecr-layers-only (default full)
  --dns-mode MODE              DnsMode: PrivateDns or HostedZones (a hub: shows its zones and records)
  --allowed-consumers IDS      AllowedConsumers: account IDs, or Organization (a hub only)
  --endpoint-policies FILE     EndpointPolicies: a JSON object, service name → policy document
  --properties FILE            ResourceProperties as a JSON object, as in the template; flags override it.
                               With it, --vpc and --subnets may come from the file; its property names
                               are checked as the resource checks them

A consumer of a hub (--consumer: Custom::VpcEndpointConsumer; the same checks and messages):
  --consumer                   preview a consumer instead: which hub zones the spoke VPC (--vpc) would
                               join or leave, the exact CIDRs added to the hub's security group, and every
                               check that would fail (allowed account, names already served, DNS attributes,
                               headroom); a missing route toward the hub is a note. Costs nothing a month.
                               Reads: EC2 Describe* (both accounts), Route 53 ListHostedZonesByVPC (both),
                               ListTagsForResources, GetHostedZone, GetHostedZoneLimit and
                               ListVPCAssociationAuthorizations (hub), Service Quotas GetServiceQuota (hub)
  --hub-id ARN                 HubId (required): the hub's HubId output, the ARN of the hub VPC
  --services NAMES             Services: the hub's services to use (default: every one it serves)
  --gateway-services NAMES     GatewayServices: refused by a consumer, as the resource refuses it
  --hub-profile NAME           a profile of the hub's account, to read its group and zones (default: the
                               spoke's credentials, which serve only when the hub is in the same account)
  --tags KEY=VALUE,…           Tags, on the consumer's rules on the hub's group
  --logical-id defaults to Consumer; --subnets, --interface-services and the other endpoints properties
  are refused with the resource's own message.

Which resource:
  --stack-id ARN               the stack's ID: preview that resource, seeing what it already owns
  --logical-id NAME            its logical ID (default ${DEFAULT_LOGICAL_ID})
  --old-properties FILE        the current ResourceProperties (JSON): preview an Update (needs --stack-id)
  Without --stack-id, a placeholder stack in account 000000000000 stands in: a first Create.

Where, and as whom:
  --region REGION              default: the stack's region, else the SDK's (AWS_REGION, profile); checked
                               against the AWS Regions (did you mean …?)
  --profile NAME               a profile of your AWS config (default: AWS_PROFILE, else the default chain)
  --endpoint-url URL           send EC2, Route 53 and Service Quotas calls here (e.g. the simulator of npm run sim)
  With --stack-id, the credentials must be of the stack's account (the preview says so if not).

Cost estimate (per month, on-demand):
  --gb-per-month N             GB through the interface endpoints: adds data processing, and the same
                               traffic through a NAT gateway for comparison
  --pricing table|live         table (default): the dated price table in the repository; live: the AWS
                               Price List Query API (pricing:GetProducts, us-east-1); the table stands in
                               if it cannot be read. A Region without prices is said to be missing.

Output:
  --json                       one JSON document on stdout, whatever happens (its schema:
                               docs/plan.schema.json in the repository)
  --detailed-exitcode          exit 2 when the plan would change something
  -h, --help                   this text
  --version                    the version

Exit codes:
  0   would succeed (with no changes, or with changes without --detailed-exitcode)
  2   would succeed with changes (--detailed-exitcode only)
  3   would fail: the resource would answer FAILED before any change
  1   could not preview: credentials, permissions, network, or credentials of another account
  64  usage error (a flag, a file, the region)`;

/** The one line a usage error ends with. */
export const USAGE_HINT = "Run 'vpce-provisioner --help' for every option.";
