import type {
  AssociateRouteTableRequest,
  CreateRouteTableRequest,
  DescribeRouteTablesRequest,
  Route,
  RouteTable,
} from '@aws-sdk/client-ec2';
import { prefixListId } from '../catalogue';
import type { ActionContext } from '../context';
import { Ec2SimError, simErrors } from '../errors';
import { applyFilters, type FilterSpec } from '../filters';
import { list, required } from '../input';
import { PAGE_RULES, paginate } from '../pagination';
import type { RouteTableRecord, VpcRecord } from '../state';
import { tagList, tagsFromSpecifications } from '../tags';
import { action, type ActionTable } from './action';

export const routeTableActions: ActionTable = {
  CreateRouteTable: action<CreateRouteTableRequest>((ctx, input) => {
    const vpc = ctx.ownVpc(required(input.VpcId, 'VpcId'));
    const table: RouteTableRecord = {
      id: ctx.newId('rtb'),
      ownerId: ctx.account,
      createdAt: ctx.now,
      tags: tagsFromSpecifications(input.TagSpecifications, 'route-table'),
      vpcId: vpc.id,
      main: false,
      subnetAssociations: [],
    };
    ctx.state.routeTables.set(table.id, table);
    return { RouteTable: routeTableView(ctx, table) };
  }),

  AssociateRouteTable: action<AssociateRouteTableRequest>((ctx, input) => {
    const table = ctx.routeTable(required(input.RouteTableId, 'RouteTableId'));
    const subnet = ctx.subnet(required(input.SubnetId, 'SubnetId'));
    if (table.ownerId !== ctx.account || subnet.ownerId !== ctx.account) throw simErrors.unauthorized();
    if (subnet.vpcId !== table.vpcId) {
      throw simErrors.invalidParameterValue(`route table ${table.id} and subnet ${subnet.id} belong to different networks`);
    }
    const existing = explicitTableOf(ctx, subnet.id);
    if (existing) {
      throw new Ec2SimError('Resource.AlreadyAssociated', `the specified association for route table ${existing.id} conflicts with an existing association`);
    }
    const association = { associationId: ctx.newId('rtbassoc'), subnetId: subnet.id };
    table.subnetAssociations.push(association);
    return { AssociationId: association.associationId, AssociationState: { State: 'associated' } };
  }),

  DescribeRouteTables: action<DescribeRouteTablesRequest>((ctx, input) => {
    const ids = list(input.RouteTableIds);
    const candidates = ids.length > 0
      ? ids.map((id) => ctx.routeTable(id, true))
      : [...ctx.state.routeTables.values()].filter((table) => ctx.isListed(table));
    const filters: FilterSpec<RouteTableRecord> = {
      fields: {
        'vpc-id': (table) => table.vpcId,
        'route-table-id': (table) => table.id,
        'owner-id': (table) => table.ownerId,
        'association.main': (table) => table.main,
        'association.subnet-id': (table) => table.subnetAssociations.map((a) => a.subnetId),
        'association.route-table-association-id': (table) => [table.mainAssociationId, ...table.subnetAssociations.map((a) => a.associationId)],
        'association.route-table-id': (table) => (table.main || table.subnetAssociations.length > 0 ? table.id : undefined),
        'route.destination-prefix-list-id': (table) => routesOf(ctx, table).map((route) => route.DestinationPrefixListId),
        'route.destination-cidr-block': (table) => routesOf(ctx, table).map((route) => route.DestinationCidrBlock),
        'route.gateway-id': (table) => routesOf(ctx, table).map((route) => route.GatewayId),
      },
      tags: (table) => table.tags,
    };
    const { page, nextToken } = paginate(applyFilters(candidates, input.Filters, filters), input, PAGE_RULES.routeTables, ctx.env.faults.maxPageSize);
    return { RouteTables: page.map((table) => routeTableView(ctx, table)), NextToken: nextToken };
  }),
};

/** Every VPC gets a main route table with its local routes (VPC User Guide, "Main route table"). */
export function createMainRouteTable(ctx: ActionContext, vpc: VpcRecord): RouteTableRecord {
  const table: RouteTableRecord = {
    id: vpc.mainRouteTableId,
    ownerId: vpc.ownerId,
    createdAt: ctx.now,
    tags: new Map(),
    vpcId: vpc.id,
    main: true,
    mainAssociationId: ctx.newId('rtbassoc'),
    subnetAssociations: [],
  };
  ctx.state.routeTables.set(table.id, table);
  return table;
}

/** The table explicitly associated with a subnet, if any. */
export function explicitTableOf(ctx: ActionContext, subnetId: string): RouteTableRecord | undefined {
  return [...ctx.state.routeTables.values()].find((table) => table.subnetAssociations.some((a) => a.subnetId === subnetId));
}

/** Local routes for the VPC's blocks, then one prefix-list route per live gateway endpoint on the table. */
export function routesOf(ctx: ActionContext, table: RouteTableRecord): Route[] {
  const vpc = ctx.state.vpcs.get(table.vpcId);
  const local: Route[] = [
    ...(vpc?.cidrBlocks ?? []).map((block) => ({ DestinationCidrBlock: block.cidr, GatewayId: 'local', Origin: 'CreateRouteTable' as const, State: 'active' as const })),
    ...(vpc?.ipv6Blocks ?? []).map((block) => ({ DestinationIpv6CidrBlock: block.cidr, GatewayId: 'local', Origin: 'CreateRouteTable' as const, State: 'active' as const })),
  ];
  // A gateway endpoint adds a prefix-list route to each of its route tables (aws-facts.md, "Gateway endpoints").
  const gateway: Route[] = [...ctx.state.endpoints.values()]
    .filter((endpoint) => endpoint.type === 'Gateway' && endpoint.routeTableIds.includes(table.id) && ctx.endpointIsLive(endpoint))
    .map((endpoint) => ({ DestinationPrefixListId: prefixListId(endpoint.serviceName), GatewayId: endpoint.id, Origin: 'CreateRoute' as const, State: 'active' as const }));
  return [...local, ...gateway];
}

/** The SDK's RouteTable for a record. */
export function routeTableView(ctx: ActionContext, table: RouteTableRecord): RouteTable {
  const associations = [
    ...(table.main && table.mainAssociationId
      ? [{ Main: true, RouteTableAssociationId: table.mainAssociationId, RouteTableId: table.id, AssociationState: { State: 'associated' as const } }]
      : []),
    ...table.subnetAssociations.map((association) => ({
      Main: false,
      RouteTableAssociationId: association.associationId,
      RouteTableId: table.id,
      SubnetId: association.subnetId,
      AssociationState: { State: 'associated' as const },
    })),
  ];
  return {
    RouteTableId: table.id,
    VpcId: table.vpcId,
    OwnerId: table.ownerId,
    Associations: associations,
    Routes: routesOf(ctx, table),
    PropagatingVgws: [],
    Tags: tagList(table.tags),
  };
}
