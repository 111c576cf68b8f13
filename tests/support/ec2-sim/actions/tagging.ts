import type { CreateTagsRequest, DeleteTagsRequest } from '@aws-sdk/client-ec2';
import type { ActionContext } from '../context';
import { Ec2SimError, simErrors } from '../errors';
import { list, required } from '../input';
import type { TagMap } from '../state';
import { applyTags } from '../tags';
import { action, type ActionTable } from './action';

export const taggingActions: ActionTable = {
  /** Tags any resource by id; all ids are checked before any is tagged, as one request. */
  CreateTags: action<CreateTagsRequest>((ctx, input) => {
    const targets = required(input.Resources, 'ResourceId').map((id) => ownTags(ctx, id));
    const tags = required(input.Tags, 'Tag');
    for (const target of targets) {
      const trial: TagMap = new Map(target);
      applyTags(trial, tags);
    }
    for (const target of targets) applyTags(target, tags);
    return {};
  }),

  /** Without Tags, removes every tag; a tag with a Value is removed only when the value matches. */
  DeleteTags: action<DeleteTagsRequest>((ctx, input) => {
    const targets = required(input.Resources, 'ResourceId').map((id) => ownTags(ctx, id));
    const tags = input.Tags;
    for (const target of targets) {
      if (tags === undefined) {
        target.clear();
        continue;
      }
      for (const tag of list(tags)) {
        const key = required(tag.Key, 'Tag.Key');
        if (tag.Value === undefined || target.get(key) === tag.Value) target.delete(key);
      }
    }
    return {};
  }),
};

/** The tag map of a resource the caller owns, found by its id prefix. */
function ownTags(ctx: ActionContext, id: string): TagMap {
  const prefix = id.slice(0, id.lastIndexOf('-'));
  const lookups: Record<string, () => { ownerId: string; tags: TagMap }> = {
    vpc: () => ctx.vpc(id),
    subnet: () => ctx.subnet(id),
    sg: () => ctx.securityGroup(id),
    rtb: () => ctx.routeTable(id),
    vpce: () => ctx.endpoint(id),
    eni: () => ctx.networkInterface(id),
  };
  const lookup = lookups[prefix];
  if (!lookup) throw new Ec2SimError('InvalidID', `The ID '${id}' is not valid`);
  const resource = lookup();
  // A participant cannot tag the owner's shared subnets or VPC in the simulator.
  if (resource.ownerId !== ctx.account) throw simErrors.unauthorized();
  return resource.tags;
}
