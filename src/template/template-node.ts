// The Node CA simulates when it considers growing a group (scale-from-zero included). DESIGN §2.10:
// capacity for limits and binpacking, allocatable for scheduling, labels and taints for placing
// DaemonSet pods, and a Ready condition.
import type { Config, NodeGroupConfig } from '../config/types.js';
import type { Node } from '../generated/k8s/io/api/core/v1/Node.js';
import { encodeNode } from '../k8s/codec.js';
import { templateAllocatable } from '../config/template.js';
import { formatQuantity, parseQuantity, type Quantity } from '../k8s/quantity.js';

/** Label every rackscaler template (and, through PXE, every real node) carries. */
export const NODE_GROUP_LABEL = 'rackscaler.io/node-group';

export interface TemplateNode {
  node: Node;
  /** Kubernetes protobuf bytes of `node`, computed once per config. */
  bytes: Buffer;
}

export function buildTemplateNode(config: Config, group: NodeGroupConfig, now = new Date()): TemplateNode {
  const t = group.template;
  const name = `template-node-for-${group.id}`;
  const labels: Record<string, string> = {
    'kubernetes.io/arch': t.arch,
    'kubernetes.io/os': t.os,
    'beta.kubernetes.io/arch': t.arch,
    'beta.kubernetes.io/os': t.os,
    'kubernetes.io/hostname': name,
    [NODE_GROUP_LABEL]: group.id,
  };
  const gpuType = group.gpuTypes[0];
  if (gpuType !== undefined) labels[config.gpuLabel] = gpuType;
  Object.assign(labels, t.labels);

  const capacity = Object.fromEntries(Object.entries(t.capacity).map(([k, v]) => [k, parseQuantity(v)]));
  const allocatable = templateAllocatable(t);
  const time = { seconds: String(Math.floor(now.getTime() / 1000)), nanos: 0 };
  const node: Node = {
    metadata: { name, labels, creationTimestamp: time },
    spec: { taints: t.taints.map((x) => ({ key: x.key, value: x.value, effect: x.effect })) },
    status: {
      capacity: toWire(capacity),
      allocatable: toWire(allocatable),
      phase: 'Running',
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          lastHeartbeatTime: time,
          lastTransitionTime: time,
          reason: 'KubeletReady',
          message: 'template node of a rackscaler node group',
        },
      ],
      nodeInfo: { architecture: t.arch, operatingSystem: t.os },
    },
  };
  return { node, bytes: encodeNode(node) };
}

function toWire(q: Record<string, Quantity>): Record<string, { string: string }> {
  return Object.fromEntries(Object.entries(q).map(([k, v]) => [k, { string: formatQuantity(v) }]));
}
