import type { Tag, TagSpecification } from '@aws-sdk/client-ec2';
import { Ec2SimError, simErrors } from './errors';
import type { TagMap } from './state';

/** EC2 allows 50 user tags per resource (EC2 User Guide, "Tag restrictions"). */
export const MAX_TAGS_PER_RESOURCE = 50;

/**
 * The tags a create call asks for through TagSpecifications. Each specification must name the
 * resource type the call creates; anything else is rejected as EC2 does.
 */
export function tagsFromSpecifications(specs: readonly TagSpecification[] | undefined, resourceType: string): TagMap {
  const tags: TagMap = new Map();
  for (const spec of specs ?? []) {
    if (spec.ResourceType !== resourceType) {
      throw simErrors.invalidParameterValue(`'${spec.ResourceType}' is not a valid taggable resource type for this operation.`);
    }
    applyTags(tags, spec.Tags ?? []);
  }
  return tags;
}

/** Adds or overwrites tags, enforcing EC2's key rules and the per-resource limit. */
export function applyTags(target: TagMap, tags: readonly Tag[]): void {
  for (const tag of tags) {
    const key = tag.Key;
    if (key === undefined || key === '') throw simErrors.invalidParameterValue('Tag keys must not be empty.');
    if (key.length > 128 || (tag.Value ?? '').length > 256) throw simErrors.invalidParameterValue(`Tag ${key} is too long.`);
    if (key.toLowerCase().startsWith('aws:')) {
      throw simErrors.invalidParameterValue("Tag keys starting with 'aws:' are reserved for internal use");
    }
    target.set(key, tag.Value ?? '');
  }
  if (target.size > MAX_TAGS_PER_RESOURCE) {
    throw new Ec2SimError('TagLimitExceeded', `The maximum number of tags (${MAX_TAGS_PER_RESOURCE}) for a resource has been reached.`);
  }
}

/** The SDK's Tag list for stored tags. */
export function tagList(tags: TagMap): Tag[] {
  return [...tags].map(([Key, Value]) => ({ Key, Value }));
}
