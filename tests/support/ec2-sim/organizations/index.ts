/** The simulator's AWS Organizations: the organisation tree (the world builder) and ListParents. */
export { MAX_OU_DEPTH, SimOrganization, type SimOrganizationSettings, type SimParentType } from './model';
export { organizationsActions } from './list-parents';
