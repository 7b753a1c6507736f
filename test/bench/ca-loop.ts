// One Cluster Autoscaler loop replayed over gRPC in the order and counts of DESIGN §2: what CA's core
// loop asks its externalgrpc client for, against a fleet whose registered Nodes the bench knows.
import type { AutoscalingOverrides } from '../../src/config/types.js';
import type { ExternalGrpcNode } from '../../src/generated/clusterautoscaler/cloudprovider/v1/externalgrpc/ExternalGrpcNode.js';
import type { Instance__Output } from '../../src/generated/clusterautoscaler/cloudprovider/v1/externalgrpc/Instance.js';
import type { NodeGroupAutoscalingOptions } from '../../src/generated/clusterautoscaler/cloudprovider/v1/externalgrpc/NodeGroupAutoscalingOptions.js';
import { mergeAutoscalingOptions } from '../../src/template/autoscaling-options.js';
import { caDefaults, fakeNode } from '../fakes/ca-client.js';
import type { TimedClient } from './timed-client.js';
import type { Fleet } from './fixture.js';

export interface LoopOptions {
  /** RPCs in flight in the per-node and per-group phases; 1 = CA's way (one goroutine, one call at a time). */
  concurrency: number;
}

/** What one loop hands the next: the scale-up to clean up; also the last instance lists, for checks. */
export interface LoopCarry {
  instances: Map<string, Instance__Output[]>;
  /** Group whose IncreaseSize the next loop cancels with DecreaseTargetSize. */
  increased: string | undefined;
  turn: number;
}

export interface LoopOutcome {
  wallMs: number;
  /** Nodes NodeGroupForNode placed in a group (registered and fake). */
  grouped: number;
  fakeNodes: number;
  templates: number;
  increased: string;
  decreased: string | undefined;
}

const NO_OVERRIDES: AutoscalingOverrides = {
  scaleDownUtilizationThreshold: undefined,
  scaleDownGpuUtilizationThreshold: undefined,
  scaleDownUnneededTimeMs: undefined,
  scaleDownUnreadyTimeMs: undefined,
  maxNodeProvisionTimeMs: undefined,
  maxNodeStartupTimeMs: undefined,
  zeroOrMaxNodeScaling: undefined,
  ignoreDaemonSetsUtilization: undefined,
  allowNonAtomicScaleUpToMax: undefined,
};

const ECHOED = mergeAutoscalingOptions(undefined, NO_OVERRIDES);

/** CA's flag defaults as CA 1.26-1.34 send them: durations as meta Duration (nanoseconds) only. */
export const LEGACY_CA_DEFAULTS: NodeGroupAutoscalingOptions = {
  scaleDownUtilizationThreshold: ECHOED.scaleDownUtilizationThreshold,
  scaleDownGpuUtilizationThreshold: ECHOED.scaleDownGpuUtilizationThreshold,
  scaleDownUnneededTime: ECHOED.scaleDownUnneededTime,
  scaleDownUnreadyTime: ECHOED.scaleDownUnreadyTime,
  MaxNodeProvisionTime: ECHOED.MaxNodeProvisionTime,
};

/** The same defaults as CA 1.35+ sends them (protobuf Durations). */
export const CURRENT_CA_DEFAULTS: NodeGroupAutoscalingOptions = caDefaults();

export function newCarry(): LoopCarry {
  return { instances: new Map(), increased: undefined, turn: 0 };
}

export async function replayCaLoop(client: TimedClient, fleet: Fleet, carry: LoopCarry, opts: LoopOptions): Promise<LoopOutcome> {
  const start = performance.now();
  await client.call('Refresh', {});
  const groups = (await client.call('NodeGroups', {})).nodeGroups.map((g) => g.id);

  const registeredIds = new Set(fleet.nodes.map((n) => n.providerID));
  const liveNodes = new Map<string, number>();
  /** Group id of every node NodeGroupForNode placed. */
  const grouped: string[] = [];
  const forNode = async (node: ExternalGrpcNode): Promise<void> => {
    const { nodeGroup } = await client.call('NodeGroupForNode', { node });
    const gid = nodeGroup?.id ?? '';
    if (gid === '') return;
    grouped.push(gid);
    if (registeredIds.has(node.providerID ?? '')) liveNodes.set(gid, (liveNodes.get(gid) ?? 0) + 1);
  };
  const registered: ExternalGrpcNode[] = fleet.nodes.map(({ name, providerID, labels, annotations }) => ({ name, providerID, labels, annotations }));
  await forEachBounded(registered, opts.concurrency, forNode);

  const templateGroups = groups.filter((g) => !liveNodes.has(g));
  await forEachBounded(templateGroups, opts.concurrency, async (id) => {
    const res = await client.call('NodeGroupTemplateNodeInfo', { id });
    if (!res.nodeBytes?.length) throw new Error(`NodeGroupTemplateNodeInfo for ${id} returned no node bytes`);
  });

  const instances = new Map<string, Instance__Output[]>();
  await forEachBounded(groups, opts.concurrency, async (id) => {
    await client.call('NodeGroupTargetSize', { id });
    instances.set(id, (await client.call('NodeGroupNodes', { id })).instances);
  });
  carry.instances = instances;

  // Instances without a registered Node become fake nodes, which CA also asks NodeGroupForNode about.
  const fakes = [...instances.values()]
    .flat()
    .filter((inst) => !registeredIds.has(inst.id))
    .map((inst) => fakeNode(inst.id, inst.status?.errorInfo?.errorCode ? 'create-error' : 'unregistered'));
  await forEachBounded(fakes, opts.concurrency, forNode);

  // About twice per grouped node, uncached: once in each wire form, as the two CA generations send them.
  const optionCalls = grouped.flatMap((id) => [
    { id, defaults: LEGACY_CA_DEFAULTS },
    { id, defaults: CURRENT_CA_DEFAULTS },
  ]);
  await forEachBounded(optionCalls, opts.concurrency, async (req) => {
    const res = await client.call('NodeGroupGetOptions', req);
    if (!res.nodeGroupAutoscalingOptions?.scaleDownUnneededTime) throw new Error(`NodeGroupGetOptions for ${req.id} left scaleDownUnneededTime out`);
  });

  // Clean-up cancels the previous loop's scale-up, then a scale-up on a group with only Off machines.
  const decreased = carry.increased;
  if (decreased !== undefined) await client.call('NodeGroupDecreaseTargetSize', { id: decreased, delta: -1 });
  if (templateGroups.length === 0) throw new Error('every group has a live node: the fleet leaves no group with Off machines to scale up');
  const increased = templateGroups[carry.turn++ % templateGroups.length]!;
  await client.call('NodeGroupIncreaseSize', { id: increased, delta: 1 });
  carry.increased = increased;

  return {
    wallMs: performance.now() - start,
    grouped: grouped.length,
    fakeNodes: fakes.length,
    templates: templateGroups.length,
    increased,
    decreased,
  };
}

/** Runs `fn` over `items` with at most `limit` in flight; limit 1 is a plain sequential loop. */
export async function forEachBounded<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
