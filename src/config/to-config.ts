// The validated file → the Config every other module reads: names and units as in types.ts,
// group defaults (credentials, CA bundle, registration) applied to machines, providerIDs derived.
import { renderHostname, type ConfigFile } from './schema.js';
import type { Config, MachineConfig, NodeGroupConfig, RackConfig } from './types.js';

export function toConfig(file: ConfigFile, source: string): Config {
  const racks = new Map<string, RackConfig>();
  for (const r of file.racks) {
    racks.set(r.name, {
      name: r.name,
      powerBudgetWatts: r.powerBudgetWatts,
      maxConcurrentPowerOn: r.maxConcurrentPowerOn,
      powerOnSpacingMs: r.powerOnSpacing,
    });
  }
  const machines = new Map<string, MachineConfig>();
  const nodeGroups: NodeGroupConfig[] = [];
  const gpuTypes = new Set<string>();
  for (const g of file.nodeGroups) {
    g.gpuTypes.forEach((t) => gpuTypes.add(t));
    const { match, hostname } = g.registration;
    for (const m of g.machines) {
      machines.set(m.name, {
        name: m.name,
        group: g.id,
        rack: m.rack,
        providerID: m.providerID ?? file.providerIDPrefix + m.name,
        bmc: m.bmc,
        credentials: m.credentials ?? g.credentials,
        bmcCaFile: m.bmcCaFile ?? g.bmcCaFile,
        macs: m.mac,
        cordoned: m.cordoned,
        systemUUID: m.systemUUID,
        registration: { match, nodeName: hostname && renderHostname(hostname, { name: m.name, mac: m.mac[0] ?? '' }) },
      });
    }
    const a = g.autoscaling;
    nodeGroups.push({
      id: g.id,
      minSize: g.minSize,
      maxSize: g.maxSize,
      template: g.template,
      boot: {
        mode: g.boot.mode,
        powerOnTimeoutMs: g.boot.powerOnTimeout,
        registerTimeoutMs: g.boot.registerTimeout,
        readyTimeoutMs: g.boot.readyTimeout,
      },
      powerOff: { gracefulTimeoutMs: g.powerOff.gracefulTimeout, forceTimeoutMs: g.powerOff.forceTimeout },
      quarantine: { baseMs: g.quarantine.base, maxMs: g.quarantine.max },
      autoscaling: {
        scaleDownUtilizationThreshold: a.scaleDownUtilizationThreshold,
        scaleDownGpuUtilizationThreshold: a.scaleDownGpuUtilizationThreshold,
        scaleDownUnneededTimeMs: a.scaleDownUnneededTime,
        scaleDownUnreadyTimeMs: a.scaleDownUnreadyTime,
        maxNodeProvisionTimeMs: a.maxNodeProvisionTime,
        maxNodeStartupTimeMs: a.maxNodeStartupTime,
        zeroOrMaxNodeScaling: a.zeroOrMaxNodeScaling,
        ignoreDaemonSetsUtilization: a.ignoreDaemonSetsUtilization,
        allowNonAtomicScaleUpToMax: a.allowNonAtomicScaleUpToMax,
      },
      gpuTypes: g.gpuTypes,
      registration: { match, hostname },
      machines: g.machines.map((m) => m.name),
    });
  }
  return {
    source,
    providerIDPrefix: file.providerIDPrefix,
    gpuLabel: file.gpuLabel,
    gpuTypes: [...gpuTypes],
    reconcileIntervalMs: file.reconcileInterval,
    racks,
    nodeGroups,
    machines,
  };
}
