/** The EC2 simulator: a stateful, transport-free EC2 for tests, on an injected clock. */
export { VirtualClock, DEFAULT_START_MS } from './clock';
export { Ec2Simulator } from './simulator';
export { Ec2SimError, simErrorCode } from './errors';
export { isMutating, type CallRecord } from './call-log';
export { Faults, type EndpointFate, type FaultSettings, type UnsuccessfulDelete } from './faults';
export { DEFAULT_TIMING, EVENTUAL_CONSISTENCY, DEFAULT_ACCOUNT_ID, DEFAULT_REGION, type Caller, type SimOptions, type SimTiming } from './options';
export { defaultEndpointServices, prefixListId, serviceName, type EndpointServiceDefinition } from './catalogue';
export { THROTTLE_RULES, type ThrottleClass } from './throttle';
export type { ZoneOptions } from './zones';
export { WorldBuilder, BuiltWorld } from './world';
export type { VpcSpec, SubnetSpec, RouteTableSpec, SecurityGroupSpec, InterfaceEndpointSpec, GatewayEndpointSpec } from './world';
export { buildDemoWorld, type DemoWorld } from './demo-world';
export { WorldAdmin } from './world-admin';
export { SUPPORTED_ACTIONS } from './actions';
