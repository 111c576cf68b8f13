import { TAG_KEYS, type Tag } from '../properties/spec';
import type { Tags } from './observed';

/** Who a created resource belongs to: one custom resource, in one stack, under one logical ID. */
export interface Owner {
  readonly physicalId: string;
  readonly stackId: string;
  readonly logicalResourceId: string;
}

/** The tags that mark a resource as this owner's. Written at creation, through TagSpecifications. */
export function ownerTags(owner: Owner): Tag[] {
  return [
    { key: TAG_KEYS.owner, value: owner.physicalId },
    { key: TAG_KEYS.stackId, value: owner.stackId },
    { key: TAG_KEYS.logicalId, value: owner.logicalResourceId },
  ];
}

/**
 * True only when every ownership tag matches. The physical ID alone would do in practice (it is a digest of the stack
 * and logical ID), but a resource is deleted or modified only on the strongest evidence, so all three are checked.
 */
export function isOwnedBy(tags: Tags, owner: Owner): boolean {
  return (
    tags[TAG_KEYS.owner] === owner.physicalId &&
    tags[TAG_KEYS.stackId] === owner.stackId &&
    tags[TAG_KEYS.logicalId] === owner.logicalResourceId
  );
}

/** Tag list (SDK shape) to a plain record. */
export function tagsToRecord(tags: readonly { Key?: string; Value?: string }[] | undefined): Record<string, string> {
  const record: Record<string, string> = {};
  for (const tag of tags ?? []) if (tag.Key !== undefined) record[tag.Key] = tag.Value ?? '';
  return record;
}
