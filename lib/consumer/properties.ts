/**
 * The consumer's properties: CloudFormation's raw ResourceProperties in, a validated {@link ConsumerSpec} out, or one
 * {@link InvalidPropertiesError} listing every problem at once. The readers are the endpoints resource's
 * (lib/properties/); what is the consumer's own is here: the hub, and the rules that tie it to the stack.
 *
 * Pure: no I/O, no AWS SDK.
 */
import { parseHubId, type HubRef } from '../centralised/hub-contract';
import { InvalidPropertiesError } from '../errors';
import { CLOUDFORMATION_PROPERTIES, KNOWN_PROPERTIES as ENDPOINTS_PROPERTIES, unknownPropertyProblem } from '../properties';
import { describeValue } from '../properties/describe-value';
import { countingReport, INVALID, isPlainObject, readText, valid, type Parsed, type Report } from '../properties/readers';
import { RESOURCE_ID_FORMATS, readResourceId } from '../properties/resource-ids';
import { readGatewayServices, readInterfaceServices } from '../properties/service-lists';
import type { ServiceName } from '../properties/service-names';
import type { Tag } from '../properties/spec';
import { readTags } from '../properties/tags';
import { CONSUMER_RESOURCE_TYPE, ENDPOINTS_RESOURCE_TYPE } from './resource-type';

/** What a consumer declared. */
export interface ConsumerSpec {
  /** The spoke VPC: `vpc-` + 8 or 17 hex digits. */
  readonly vpcId: string;
  /** The hub's ID exactly as given (the hub VPC's ARN): part of the physical ID. */
  readonly hubId: string;
  /** The hub it names: in the stack's partition and Region. */
  readonly hub: HubRef;
  /** The hub's interface services to use, as written; undefined means every one the hub serves. */
  readonly services?: readonly ServiceName[];
  /** Gateway services for the spoke itself (`s3`, `dynamodb`), as written; empty when none. */
  readonly gatewayServices: readonly string[];
  /** Copied onto what the consumer creates. */
  readonly tags: readonly Tag[];
}

/** Where the stack runs: a consumer must be in its hub's partition and Region. */
export interface ConsumerStackPlace {
  readonly partition: string;
  readonly region: string;
}

/** Every property name a consumer accepts, in the order the documentation lists them. */
export const CONSUMER_PROPERTIES: readonly string[] = Object.freeze(['VpcId', 'HubId', 'Services', 'GatewayServices', 'Tags']);

/** Endpoints properties whose consumer counterpart has another name. */
const RENAMED: Readonly<Record<string, string>> = Object.freeze({ InterfaceServices: 'Services' });

/**
 * Raw ResourceProperties → validated consumer spec.
 *
 * @throws InvalidPropertiesError listing every problem, each naming the property and the value received.
 * @example
 * parseConsumerProperties({ VpcId: 'vpc-0a1b2c3d', HubId: 'arn:aws:ec2:eu-west-1:111122223333:vpc/vpc-0f0e0d0c' },
 *   { partition: 'aws', region: 'eu-west-1' })
 * // => { vpcId: 'vpc-0a1b2c3d', hubId: 'arn:…', hub: { … }, gatewayServices: [], tags: [] }
 */
export function parseConsumerProperties(raw: unknown, stack: ConsumerStackPlace): ConsumerSpec {
  if (!isPlainObject(raw)) {
    throw new InvalidPropertiesError([`The resource properties must be an object; got ${describeValue(raw)}.`]);
  }
  const problems: string[] = [];
  const report: Report = (problem) => problems.push(problem);
  const given = (property: string): unknown => (Object.hasOwn(raw, property) ? raw[property] : undefined);

  reportForeignProperties(Object.keys(raw), report);
  const vpcId = readResourceId('VpcId', given('VpcId'), RESOURCE_ID_FORMATS.vpc, report);
  if (vpcId.ok && vpcId.value === undefined) {
    report(`VpcId is required: the ID of the spoke VPC that uses the hub's endpoints; got ${describeValue(given('VpcId'))}.`);
  }
  const hub = readHub(given('HubId'), stack, report);
  const services = readServicesOfStackRegion(given('Services'), stack.region, report);
  const gatewayServices = readGatewayServices('GatewayServices', given('GatewayServices'), report);
  if (gatewayServices.ok && (gatewayServices.value ?? []).length > 0) {
    // Gateway endpoints are per VPC (free, and not reachable through a Transit Gateway) and need the spoke's route
    // tables; Custom::VpcEndpoints already serves them from SubnetIds, with its ownership of the VPC's gateway endpoints.
    report(
      `GatewayServices ${describeValue(given('GatewayServices'))}: a consumer does not make gateway endpoints. Gateway endpoints are per VPC and free; ` +
        `add a ${ENDPOINTS_RESOURCE_TYPE} on the spoke VPC with InterfaceServices: '' and these GatewayServices (its SubnetIds choose the route tables), and leave GatewayServices empty here.`,
    );
  }
  const tags = readTags('Tags', given('Tags'), report);
  if (vpcId.ok && hub.ok && vpcId.value !== undefined && vpcId.value === hub.value.ref.vpcId) {
    report(`VpcId ${describeValue(vpcId.value)} is the hub's own VPC, which the hub's zones serve already; name a spoke VPC.`);
  }

  if (problems.length > 0) throw new InvalidPropertiesError(problems);
  // With no problem reported, every reader returned a value.
  const value = <T>(parsed: Parsed<T>): T => (parsed as { value: T }).value;
  return {
    vpcId: value(vpcId) as string,
    hubId: value(hub).text,
    hub: value(hub).ref,
    // An empty list (a blank CommaDelimitedList parameter) means "not given", as blank values do everywhere.
    ...(value(services) === undefined || value(services)?.length === 0 ? {} : { services: value(services) }),
    gatewayServices: (value(gatewayServices) ?? []).map((name) => name.written),
    tags: value(tags) ?? [],
  };
}

/**
 * Property names that are not the consumer's: an endpoints property is named as such (with the consumer's name for it
 * when it has one), anything else gets the nearest consumer property.
 */
function reportForeignProperties(names: readonly string[], report: Report): void {
  for (const name of names) {
    if (CONSUMER_PROPERTIES.includes(name) || CLOUDFORMATION_PROPERTIES.includes(name)) continue;
    if (ENDPOINTS_PROPERTIES.includes(name)) {
      const instead = RENAMED[name];
      report(
        `${name} is a property of ${ENDPOINTS_RESOURCE_TYPE}, not of ${CONSUMER_RESOURCE_TYPE}` +
          (instead === undefined ? '; a consumer uses the hub’s endpoints and takes no such setting.' : `; a consumer names the hub’s services with \`${instead}\`.`),
      );
      continue;
    }
    report(unknownPropertyProblem(name, CONSUMER_PROPERTIES));
  }
}

/** HubId: required, a hub VPC's ARN, in the stack's partition and Region. */
function readHub(raw: unknown, stack: ConsumerStackPlace, report: Report): Parsed<{ text: string; ref: HubRef }> {
  const text = readText('HubId', raw, report, "the hub's ID (its HubId output)");
  if (!text.ok) return INVALID;
  if (text.value === undefined) {
    report(`HubId is required: the hub's ID, as the hub resource's HubId output gives it; got ${describeValue(raw)}.`);
    return INVALID;
  }
  const ref = parseHubId(text.value);
  if (ref === undefined) {
    report(
      `HubId ${describeValue(text.value)} is not a hub ID: expected the ARN of the hub's VPC, ` +
        '"arn:<partition>:ec2:<region>:<account>:vpc/<vpc-id>", as the hub resource\'s HubId output gives it.',
    );
    return INVALID;
  }
  if (ref.partition !== stack.partition || ref.region !== stack.region) {
    report(
      // Quoted whole (a well-formed ARN, short enough): the Region in it is the point of the message.
      `HubId ${JSON.stringify(text.value)} names a hub in ${ref.partition} ${ref.region}, and this stack is in ${stack.partition} ${stack.region}: ` +
        'a consumer must be in its hub’s partition and Region (cross-Region consumers are not supported: interface endpoints serve their own Region). ' +
        'Deploy the consumer in the hub’s Region, or a hub in this one.',
    );
    return INVALID;
  }
  return valid({ text: text.value, ref });
}

/** Services: interface service names; a full name must be of the stack's Region, since the hub serves only its own. */
function readServicesOfStackRegion(raw: unknown, region: string, report: Report): Parsed<readonly ServiceName[] | undefined> {
  const counted = countingReport(report);
  const names = readInterfaceServices('Services', raw, counted.report);
  if (!names.ok || names.value === undefined) return names;
  for (const name of names.value) {
    if (name.region !== undefined && name.region !== region) {
      counted.report(`Services names ${describeValue(name.written)}, a service of ${name.region}; the hub serves only ${region} (its own Region).`);
    }
  }
  return counted.count() === 0 ? names : INVALID;
}
