// The compiled configuration: what every other module reads. Produced only by src/config/load.ts
// (YAML → zod schema with documented defaults → this), never built by hand outside tests.
import type { ParsedEndpoint } from '../../providers/types.js';

export interface Config {
  /** Absolute path of the file this was loaded from ("<embedded demo>" for the demo). */
  source: string;
  /** Prefix of derived instance ids / providerIDs. Default "baremetal://". */
  providerIDPrefix: string;
  /** Label CA uses to recognise GPU nodes. Default "nvidia.com/gpu.product". */
  gpuLabel: string;
  /** GPU types offered by any group (GetAvailableGPUTypes keys). Default []. */
  gpuTypes: string[];
  /** How often the lifecycle reconciles against BMCs and the registration source. Default 5s. */
  reconcileIntervalMs: number;
  racks: Map<string, RackConfig>;
  /** In file order. */
  nodeGroups: NodeGroupConfig[];
  /** Every machine of every group, by name. */
  machines: Map<string, MachineConfig>;
}

export interface RackConfig {
  name: string;
  powerBudgetWatts: number | undefined;
  /** Inrush limit: machines of this rack powering on at once. Default 4. */
  maxConcurrentPowerOn: number;
  /** Minimum gap between two power-ons in this rack. Default 0. */
  powerOnSpacingMs: number;
}

export interface TaintConfig {
  key: string;
  value: string;
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

export interface TemplateConfig {
  labels: Record<string, string>;
  taints: TaintConfig[];
  /** Resource name → canonical Kubernetes quantity string (validated). Must include cpu, memory, pods. */
  capacity: Record<string, string>;
  /** Subtracted from capacity for allocatable (kube-reserved + system-reserved). Default {}. */
  reserved: Record<string, string>;
  /** Kubelet hard eviction thresholds subtracted too. Default { memory: "100Mi" } (kubelet's default). */
  evictionHard: Record<string, string>;
  /** kubernetes.io/arch. Default "amd64". */
  arch: string;
  /** kubernetes.io/os. Default "linux". */
  os: string;
}

export interface BootConfig {
  /** One-time PXE boot mode; undefined leaves the BMC's default. */
  mode: 'uefi' | 'legacy' | undefined;
  /** PoweringOn → BMC reports On. Default 3m. */
  powerOnTimeoutMs: number;
  /** Booting → Node registered. Default 15m. */
  registerTimeoutMs: number;
  /** Joining → Node Ready. Default 10m. */
  readyTimeoutMs: number;
}

export interface PowerOffConfig {
  /** Graceful (ACPI) shutdown gets this long before a forced off. Default 3m. */
  gracefulTimeoutMs: number;
  /** After the forced off, BMC must report Off within this. Default 2m. */
  forceTimeoutMs: number;
}

export interface QuarantineConfig {
  /** First quarantine after a failed wake; doubles per consecutive failure. Default 5m. */
  baseMs: number;
  /** Cap of the doubling. Default 1h. */
  maxMs: number;
}

/** Per-group overrides of CA's NodeGroupAutoscalingOptions; undefined = echo CA's default. */
export interface AutoscalingOverrides {
  scaleDownUtilizationThreshold: number | undefined;
  scaleDownGpuUtilizationThreshold: number | undefined;
  scaleDownUnneededTimeMs: number | undefined;
  scaleDownUnreadyTimeMs: number | undefined;
  maxNodeProvisionTimeMs: number | undefined;
  maxNodeStartupTimeMs: number | undefined;
  zeroOrMaxNodeScaling: boolean | undefined;
  ignoreDaemonSetsUtilization: boolean | undefined;
  allowNonAtomicScaleUpToMax: boolean | undefined;
}

export interface NodeGroupConfig {
  id: string;
  minSize: number;
  maxSize: number;
  template: TemplateConfig;
  boot: BootConfig;
  powerOff: PowerOffConfig;
  quarantine: QuarantineConfig;
  autoscaling: AutoscalingOverrides;
  /** GPU types this group's machines carry (first one labels the template with Config.gpuLabel). Default []. */
  gpuTypes: string[];
  /** How Nodes are matched to this group's machines. Default { match: ['providerID'], hostname: undefined }. */
  registration: RegistrationConfig;
  /** Names of this group's machines, in file order. */
  machines: string[];
}

/** A way to find a machine's Node: its spec.providerID, its status.nodeInfo.systemUUID, or its name. */
export type NodeMatchKind = 'providerID' | 'systemUUID' | 'hostname';

export interface RegistrationConfig {
  /** Tried in this order; providerID first when listed. Default ['providerID']. */
  match: NodeMatchKind[];
  /** Node name template with {name} and {mac} (first MAC, lower case, no separators). Set when match has 'hostname'. */
  hostname: string | undefined;
}

/** The group's registration as it applies to one machine. */
export interface MachineRegistration {
  match: NodeMatchKind[];
  /** The group's hostname template rendered for this machine: the Node name 'hostname' matching looks for. */
  nodeName: string | undefined;
}

/** A Kubernetes Secret holding a BMC's username and password under these data keys. */
export interface SecretRef {
  namespace: string;
  name: string;
  /** Default "username". */
  usernameKey: string;
  /** Default "password". */
  passwordKey: string;
}

export type CredentialRef =
  | { username: string; passwordFile: string }
  | { username: string; passwordEnv: string }
  | { secret: SecretRef };

export interface MachineConfig {
  name: string;
  group: string;
  rack: string;
  /** Instance id == spec.providerID the kubelet registers. Default providerIDPrefix + name. */
  providerID: string;
  /** Tried in order (fallback). At least one. */
  bmc: ParsedEndpoint[];
  /** Machine's own, else the group's `credentials`, else undefined (sim:// needs none). */
  credentials: CredentialRef | undefined;
  /** PEM CA bundle for HTTPS BMCs: machine's own, else the group's. */
  bmcCaFile: string | undefined;
  /** Lower-case colon-separated. */
  macs: string[];
  /** Under maintenance: never woken. Default false. */
  cordoned: boolean;
  /** SMBIOS system UUID, lower case, for 'systemUUID' matching. Default undefined. */
  systemUUID?: string | undefined;
  /** Set by toConfig; absent (hand-built configs) means match by providerID only. */
  registration?: MachineRegistration;
}
