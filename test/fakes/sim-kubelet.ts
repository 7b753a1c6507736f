// A stand-in kubelet for sim:// machines: once a simulated machine's OS is up (it PXE-booted and
// finished booting), it registers a Node carrying the machine's providerID (or none, like images that
// cannot set it) in the fake API server, NotReady first and Ready on its next pass, which keeps the
// Node's spec as it finds it (a providerID set by someone else stays). A machine seen powered off may register again later;
// removing the Node object is rackscaler's job, not the kubelet's.
import { SimWorld } from '../../providers/sim/world.js';
import type { FakeKubeApi } from './kube-api/index.js';

export interface SimKubeletMachine {
  /** sim:// id, which is also the Node name unless nodeName is set. */
  id: string;
  providerID: string | undefined;
  nodeName?: string;
  /** Reported as status.nodeInfo.systemUUID. */
  systemUUID?: string;
}

/** Room for the drain simulation to place pods on these nodes. */
export const NODE_ALLOCATABLE = { cpu: '8', memory: '32Gi', pods: '110' };

export function kubeNode(name: string, providerID: string | undefined, ready: boolean, systemUUID?: string): Parameters<FakeKubeApi['put']>[0] {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name } },
    spec: providerID === undefined ? {} : { providerID },
    status: {
      allocatable: NODE_ALLOCATABLE,
      capacity: NODE_ALLOCATABLE,
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
      ...(systemUUID === undefined ? {} : { nodeInfo: { systemUUID } }),
    },
  };
}

export class SimKubelet {
  private readonly phase = new Map<string, 'registered' | 'ready'>();
  private readonly timer: NodeJS.Timeout;
  /** While true, registered Nodes stay NotReady (a test can watch the Joining state). */
  holdReady = false;

  constructor(
    private readonly api: FakeKubeApi,
    private readonly world: SimWorld,
    private readonly machines: readonly SimKubeletMachine[],
  ) {
    this.timer = setInterval(() => this.pass(), 10);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private pass(): void {
    for (const m of this.machines) {
      if (!this.world.has(m.id)) continue;
      const st = this.world.status(m.id);
      const up = st.power === 'on' && st.osUpAt !== undefined && st.osUpAt <= this.world.now();
      const phase = this.phase.get(m.id);
      const name = m.nodeName ?? m.id;
      if (!up) {
        this.phase.delete(m.id);
      } else if (phase === undefined) {
        this.api.put(kubeNode(name, m.providerID, false, m.systemUUID));
        this.phase.set(m.id, 'registered');
      } else if (phase === 'registered' && !this.holdReady) {
        const spec = this.api.get('Node', undefined, name)?.['spec'];
        this.api.put({ ...kubeNode(name, m.providerID, true, m.systemUUID), ...(spec === undefined ? {} : { spec }) });
        this.phase.set(m.id, 'ready');
      }
    }
  }
}
