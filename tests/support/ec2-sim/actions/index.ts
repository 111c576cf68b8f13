import type { ActionTable } from './action';
import { endpointServiceActions } from './endpoint-services';
import { endpointViewActions } from './endpoint-views';
import { endpointActions } from './endpoints';
import { ipamActions } from './ipam';
import { networkInterfaceActions } from './network-interfaces';
import { prefixListActions } from './prefix-lists';
import { routeTableActions } from './route-tables';
import { securityGroupRuleListingActions } from './security-group-rule-listing';
import { securityGroupActions } from './security-groups';
import { subnetActions } from './subnets';
import { taggingActions } from './tagging';
import { vpcActions } from './vpcs';
import { zoneActions } from './zones';

/** Every action the simulator answers; anything else is `InvalidAction`. */
export const actionTable: ActionTable = {
  ...vpcActions,
  ...zoneActions,
  ...subnetActions,
  ...routeTableActions,
  ...securityGroupActions,
  ...securityGroupRuleListingActions,
  ...endpointServiceActions,
  ...endpointActions,
  ...endpointViewActions,
  ...networkInterfaceActions,
  ...prefixListActions,
  ...ipamActions,
  ...taggingActions,
};

/** The names of every supported action (the HTTP front end and docs list them). */
export const SUPPORTED_ACTIONS: readonly string[] = Object.keys(actionTable).sort();
