// What a pod asks the scheduler for, computed the way kube-scheduler's NodeResourcesFit does:
// app containers and restartable (sidecar) init containers run together, ordinary init containers
// run one at a time before them, so the pod needs the larger of the two phases, plus its overhead.
import type { V1Container, V1Pod } from '@kubernetes/client-node';
import { objectKey } from './object-ref.js';
import { addInto, maxInto, readResources, type ResourceList } from './resource-list.js';

export function podRequests(pod: V1Pod): ResourceList {
  const where = `pod ${objectKey(pod)}`;
  const spec = pod.spec;
  const running: ResourceList = new Map();
  for (const c of spec?.containers ?? []) addInto(running, containerRequests(c, where));

  const initPeak: ResourceList = new Map();
  const sidecars: ResourceList = new Map();
  for (const c of spec?.initContainers ?? []) {
    const own = containerRequests(c, where);
    if (c.restartPolicy === 'Always') {
      // A sidecar keeps running next to the app containers and every later init container.
      addInto(running, own);
      addInto(sidecars, own);
      maxInto(initPeak, sidecars);
    } else {
      const phase: ResourceList = new Map(sidecars);
      addInto(phase, own);
      maxInto(initPeak, phase);
    }
  }
  const total: ResourceList = new Map(running);
  maxInto(total, initPeak);

  // Pod-level resources (PodLevelResources), where set, replace the containers' sum for that resource.
  for (const [name, v] of readResources(spec?.resources?.requests, `${where} spec.resources.requests`)) total.set(name, v);
  addInto(total, readResources(spec?.overhead, `${where} spec.overhead`));
  return total;
}

function containerRequests(c: V1Container, where: string): ResourceList {
  return readResources(c.resources?.requests, `${where} container ${c.name} resources.requests`);
}
