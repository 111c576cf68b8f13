import type { AvailabilityZone, DescribeAvailabilityZonesRequest } from '@aws-sdk/client-ec2';
import { simErrors } from '../errors';
import { applyFilters, type FilterSpec } from '../filters';
import { list } from '../input';
import { action, type ActionTable } from './action';

export const zoneActions: ActionTable = {
  /** Zones in the caller's own name→id mapping (RAM guide, "AZ IDs"). */
  DescribeAvailabilityZones: action<DescribeAvailabilityZonesRequest>((ctx, input) => {
    const zones: AvailabilityZone[] = ctx.env.zones.list(ctx.account).map(({ name, id }) => ({
      ZoneName: name,
      ZoneId: id,
      RegionName: ctx.region,
      State: 'available',
      OptInStatus: 'opt-in-not-required',
      GroupName: ctx.region,
      NetworkBorderGroup: ctx.region,
      ZoneType: 'availability-zone',
      Messages: [],
    }));
    for (const name of list(input.ZoneNames)) {
      if (!zones.some((zone) => zone.ZoneName === name)) throw simErrors.invalidParameterValue(`The zone '${name}' does not exist.`);
    }
    for (const id of list(input.ZoneIds)) {
      if (!zones.some((zone) => zone.ZoneId === id)) throw simErrors.invalidParameterValue(`The zone ID '${id}' does not exist.`);
    }
    const byParams = zones.filter(
      (zone) =>
        (list(input.ZoneNames).length === 0 || list(input.ZoneNames).includes(zone.ZoneName as string)) &&
        (list(input.ZoneIds).length === 0 || list(input.ZoneIds).includes(zone.ZoneId as string)),
    );
    const filters: FilterSpec<AvailabilityZone> = {
      fields: {
        'zone-name': (zone) => zone.ZoneName,
        'zone-id': (zone) => zone.ZoneId,
        'region-name': (zone) => zone.RegionName,
        state: (zone) => zone.State,
        'zone-type': (zone) => zone.ZoneType,
        'group-name': (zone) => zone.GroupName,
        'opt-in-status': (zone) => zone.OptInStatus,
      },
    };
    return { AvailabilityZones: applyFilters(byParams, input.Filters, filters) };
  }),
};
