// NodeGroupGetOptions' answer (DESIGN §2.8, §2.9): CA takes every field literally and old clients
// dereference durations without nil checks, so every field is filled, durations in both wire forms
// (meta Duration in nanoseconds at 3/4/5, protobuf Duration at 8/9/10/11), CA's defaults echoed
// wherever the group overrides nothing.
import type { AutoscalingOverrides } from '../config/types.js';
import type { NodeGroupAutoscalingOptions, NodeGroupAutoscalingOptions__Output } from '../generated/clusterautoscaler/cloudprovider/v1/externalgrpc/NodeGroupAutoscalingOptions.js';

/** CA's own defaults, for fields a request leaves out (flags: --scale-down-unneeded-time etc.). */
export const CA_DEFAULTS = {
  scaleDownUtilizationThreshold: 0.5,
  scaleDownGpuUtilizationThreshold: 0.5,
  scaleDownUnneededTimeMs: 10 * 60_000,
  scaleDownUnreadyTimeMs: 20 * 60_000,
  maxNodeProvisionTimeMs: 15 * 60_000,
  maxNodeStartupTimeMs: 15 * 60_000,
} as const;

type Durations = Pick<
  NodeGroupAutoscalingOptions__Output,
  | 'scaleDownUnneededTime'
  | 'scaleDownUnreadyTime'
  | 'MaxNodeProvisionTime'
  | 'scaleDownUnneededDuration'
  | 'scaleDownUnreadyDuration'
  | 'MaxNodeProvisionDuration'
  | 'maxNodeStartupDuration'
>;

export function mergeAutoscalingOptions(
  defaults: NodeGroupAutoscalingOptions__Output | null | undefined,
  overrides: AutoscalingOverrides,
): NodeGroupAutoscalingOptions {
  const d = defaults ?? undefined;
  const unneeded = overrides.scaleDownUnneededTimeMs ?? readMs(d, 'scaleDownUnneededDuration', 'scaleDownUnneededTime') ?? CA_DEFAULTS.scaleDownUnneededTimeMs;
  const unready = overrides.scaleDownUnreadyTimeMs ?? readMs(d, 'scaleDownUnreadyDuration', 'scaleDownUnreadyTime') ?? CA_DEFAULTS.scaleDownUnreadyTimeMs;
  const provision = overrides.maxNodeProvisionTimeMs ?? readMs(d, 'MaxNodeProvisionDuration', 'MaxNodeProvisionTime') ?? CA_DEFAULTS.maxNodeProvisionTimeMs;
  const startup = overrides.maxNodeStartupTimeMs ?? readMs(d, 'maxNodeStartupDuration', undefined) ?? CA_DEFAULTS.maxNodeStartupTimeMs;
  return {
    // Thresholds are echoed even when 0: proto3 cannot tell 0 from unset, and CA always sends its flags.
    scaleDownUtilizationThreshold:
      overrides.scaleDownUtilizationThreshold ?? d?.scaleDownUtilizationThreshold ?? CA_DEFAULTS.scaleDownUtilizationThreshold,
    scaleDownGpuUtilizationThreshold:
      overrides.scaleDownGpuUtilizationThreshold ?? d?.scaleDownGpuUtilizationThreshold ?? CA_DEFAULTS.scaleDownGpuUtilizationThreshold,
    zeroOrMaxNodeScaling: overrides.zeroOrMaxNodeScaling ?? d?.zeroOrMaxNodeScaling ?? false,
    ignoreDaemonSetsUtilization: overrides.ignoreDaemonSetsUtilization ?? d?.ignoreDaemonSetsUtilization ?? false,
    allowNonAtomicScaleUpToMax: overrides.allowNonAtomicScaleUpToMax ?? d?.allowNonAtomicScaleUpToMax ?? false,
    scaleDownUnneededTime: metaDuration(unneeded),
    scaleDownUnreadyTime: metaDuration(unready),
    MaxNodeProvisionTime: metaDuration(provision),
    scaleDownUnneededDuration: protoDuration(unneeded),
    scaleDownUnreadyDuration: protoDuration(unready),
    MaxNodeProvisionDuration: protoDuration(provision),
    maxNodeStartupDuration: protoDuration(startup),
  };
}

/**
 * Milliseconds from the new (protobuf Duration) field, else the old (nanoseconds) one, decided by
 * presence: CA may really mean 0 (e.g. --scale-down-unneeded-time=0).
 */
function readMs(d: Durations | undefined, modern: keyof Durations, legacy: 'scaleDownUnneededTime' | 'scaleDownUnreadyTime' | 'MaxNodeProvisionTime' | undefined): number | undefined {
  const m = d?.[modern] as { seconds?: string; nanos?: number } | null | undefined;
  if (m) return Number(m.seconds ?? 0) * 1000 + Math.floor((m.nanos ?? 0) / 1e6);
  const l = legacy ? (d?.[legacy] as { duration?: string } | null | undefined) : undefined;
  if (l) return Number(BigInt(l.duration ?? '0') / 1_000_000n);
  return undefined;
}

function metaDuration(ms: number): { duration: string } {
  return { duration: (BigInt(ms) * 1_000_000n).toString() };
}

function protoDuration(ms: number): { seconds: string; nanos: number } {
  return { seconds: String(Math.floor(ms / 1000)), nanos: (ms % 1000) * 1_000_000 };
}
