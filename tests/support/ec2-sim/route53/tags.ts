/**
 * Tags of hosted zones: ChangeTagsForResource, ListTagsForResource, ListTagsForResources (Route 53 API reference, each
 * action's page). Health checks are not modelled: `healthcheck` answers NoSuchHealthCheck.
 */
import type { HostedZoneRecord } from '../state';
import { route53Error, route53Errors } from './errors';
import { ownZone, type Route53Action, type Route53Context } from './model';

/** AddTags and RemoveTagKeys hold at most 10 entries; ListTagsForResources at most 10 ids (API reference, array sizes). */
const MAX_TAGS_PER_CALL = 10;
/** "Tags per resource: 50" (Route 53 Developer Guide, "Quotas"; the error for going over is our choice: InvalidInput). */
const MAX_TAGS_PER_RESOURCE = 50;

function taggedZone(call: Route53Context, resourceType: unknown, resourceId: unknown): HostedZoneRecord {
  if (resourceType === 'healthcheck') throw route53Error('NoSuchHealthCheck', `No health check found with ID: ${String(resourceId)}`);
  if (resourceType !== 'hostedzone') throw route53Errors.invalidInput(`Invalid resource type: ${String(resourceType)}`);
  return ownZone(call, resourceId);
}

function tagSet(zone: HostedZoneRecord): Record<string, unknown> {
  return { ResourceType: 'hostedzone', ResourceId: zone.id, Tags: [...zone.tags].map(([Key, Value]) => ({ Key, Value })) };
}

export const tagActions: Readonly<Record<string, Route53Action>> = {
  ChangeTagsForResource: (call, input) => {
    const zone = taggedZone(call, input['ResourceType'], input['ResourceId']);
    const add = Array.isArray(input['AddTags']) ? (input['AddTags'] as { Key?: unknown; Value?: unknown }[]) : [];
    const remove = Array.isArray(input['RemoveTagKeys']) ? (input['RemoveTagKeys'] as unknown[]) : [];
    if (add.length > MAX_TAGS_PER_CALL || remove.length > MAX_TAGS_PER_CALL) throw route53Errors.invalidInput(`AddTags and RemoveTagKeys hold at most ${MAX_TAGS_PER_CALL} entries.`);
    if (add.some((tag) => typeof tag.Key !== 'string' || tag.Key === '')) throw route53Errors.invalidInput('Every tag needs a Key.');
    // Validate before mutating: the resulting tag count is checked on a copy.
    const next = new Map(zone.tags);
    for (const key of remove) next.delete(String(key));
    for (const tag of add) next.set(tag.Key as string, typeof tag.Value === 'string' ? tag.Value : '');
    if (next.size > MAX_TAGS_PER_RESOURCE) throw route53Errors.invalidInput(`A hosted zone can have at most ${MAX_TAGS_PER_RESOURCE} tags.`);
    zone.tags.clear();
    for (const [key, value] of next) zone.tags.set(key, value);
    return {};
  },

  ListTagsForResource: (call, input) => ({ ResourceTagSet: tagSet(taggedZone(call, input['ResourceType'], input['ResourceId'])) }),

  ListTagsForResources: (call, input) => {
    const ids = Array.isArray(input['ResourceIds']) ? (input['ResourceIds'] as unknown[]) : [];
    if (ids.length === 0 || ids.length > MAX_TAGS_PER_CALL) throw route53Errors.invalidInput(`ResourceIds must hold 1 to ${MAX_TAGS_PER_CALL} ids.`);
    return { ResourceTagSets: ids.map((id) => tagSet(taggedZone(call, input['ResourceType'], id))) };
  },
};
