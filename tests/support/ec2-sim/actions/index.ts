import type { ActionTable } from './action';
import { routeTableActions } from './route-tables';
import { securityGroupActions } from './security-groups';
import { vpcActions } from './vpcs';
import { zoneActions } from './zones';

/** Every action the simulator answers; anything else is `InvalidAction`. */
export const actionTable: ActionTable = {
  ...vpcActions,
  ...zoneActions,
  ...routeTableActions,
  ...securityGroupActions,
};
