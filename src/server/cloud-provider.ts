// The CloudProvider service CA's externalgrpc client calls (DESIGN §2). Every handler answers from
// memory; hardware and cluster I/O happen in the lifecycle, after a mutation is durably recorded.
import type { handleUnaryCall, sendUnaryData, ServerUnaryCall } from '@grpc/grpc-js';
import { status as grpcStatus } from '@grpc/grpc-js';
import type { Config } from '../config/types.js';
import { InvalidArgumentError, UnavailableError, UnimplementedError } from '../errors.js';
import type { CloudProviderHandlers } from '../generated/clusterautoscaler/cloudprovider/v1/externalgrpc/CloudProvider.js';
import type { Instance } from '../generated/clusterautoscaler/cloudprovider/v1/externalgrpc/Instance.js';
import type { NodeGroup } from '../generated/clusterautoscaler/cloudprovider/v1/externalgrpc/NodeGroup.js';
import type { InstanceView, Lifecycle } from '../lifecycle/lifecycle.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import { mergeAutoscalingOptions } from '../template/autoscaling-options.js';
import { buildTemplateNode, type TemplateNode } from '../template/template-node.js';
import { statusName, toServiceError } from './status.js';

const INSTANCE_STATE = { creating: 'instanceCreating', running: 'instanceRunning', deleting: 'instanceDeleting' } as const;

export class CloudProviderService {
  /** Template Nodes, built once per config the lifecycle runs on (it may change at Refresh or a takeover). */
  private templates = new Map<string, TemplateNode>();
  private templatesOf: Config | undefined;
  private pending: Config | undefined;
  private pendingRefusal: string | undefined;
  private acceptingMutations = true;

  constructor(
    private readonly lifecycle: Lifecycle,
    private readonly logger: Logger,
    private readonly metrics: Metrics,
  ) {}

  /** A newly loaded config; it takes effect at CA's next Refresh so CA's cached view stays consistent. */
  offerConfig(config: Config): void {
    this.pending = config;
    this.pendingRefusal = undefined;
    this.logger.info({ source: config.source }, 'new config loaded; applies at the next Refresh');
  }

  /** While shutting down, mutations answer UNAVAILABLE (CA retries next loop) and reads keep working. */
  stopMutations(): void {
    this.acceptingMutations = false;
  }

  handlers(): CloudProviderHandlers {
    const lc = this.lifecycle;
    return {
      NodeGroups: this.unary('NodeGroups', () => ({
        nodeGroups: lc.currentConfig.nodeGroups.map((g) => this.nodeGroup(g.id)),
      })),
      NodeGroupForNode: this.unary('NodeGroupForNode', (req) => {
        // Not ours → OK with an empty id; an error here would fail every CA loop (DESIGN §2.6).
        const gid = req.node?.providerID ? lc.groupOf(req.node.providerID) : undefined;
        return { nodeGroup: gid === undefined ? { id: '' } : this.nodeGroup(gid) };
      }),
      PricingNodePrice: this.unary('PricingNodePrice', () => {
        throw new UnimplementedError('pricing is not configured');
      }),
      PricingPodPrice: this.unary('PricingPodPrice', () => {
        throw new UnimplementedError('pricing is not configured');
      }),
      GPULabel: this.unary('GPULabel', () => ({ label: lc.currentConfig.gpuLabel })),
      GetAvailableGPUTypes: this.unary('GetAvailableGPUTypes', () => ({
        gpuTypes: Object.fromEntries(lc.currentConfig.gpuTypes.map((t) => [t, { type_url: '', value: Buffer.alloc(0) }])),
      })),
      Cleanup: this.unary('Cleanup', () => ({})),
      Refresh: this.unary('Refresh', () => this.refresh()),
      NodeGroupTargetSize: this.unary('NodeGroupTargetSize', (req) => ({ targetSize: lc.targetSize(requireId(req.id)) })),
      NodeGroupIncreaseSize: this.unary('NodeGroupIncreaseSize', async (req) => {
        this.mutationsAllowed();
        await lc.increaseSize(requireId(req.id), req.delta);
        return {};
      }),
      NodeGroupDeleteNodes: this.unary('NodeGroupDeleteNodes', async (req) => {
        this.mutationsAllowed();
        const nodes = req.nodes.map((n, i) => {
          if (!n.providerID && !n.name) throw new InvalidArgumentError(`nodes[${i}] has neither providerID nor name`);
          return { providerID: n.providerID, name: n.name };
        });
        await lc.deleteNodes(requireId(req.id), nodes);
        return {};
      }),
      NodeGroupDecreaseTargetSize: this.unary('NodeGroupDecreaseTargetSize', async (req) => {
        this.mutationsAllowed();
        await lc.decreaseTargetSize(requireId(req.id), req.delta);
        return {};
      }),
      NodeGroupNodes: this.unary('NodeGroupNodes', (req) => ({ instances: lc.instances(requireId(req.id)).map(toInstance) })),
      NodeGroupTemplateNodeInfo: this.unary('NodeGroupTemplateNodeInfo', (req) => {
        const t = this.template(requireId(req.id));
        // Field 1 for CA ≤ 1.34, field 2 for newer: the same Node, identical bytes.
        return { nodeInfo: t.node, nodeBytes: t.bytes };
      }),
      NodeGroupGetOptions: this.unary('NodeGroupGetOptions', (req) => ({
        nodeGroupAutoscalingOptions: mergeAutoscalingOptions(req.defaults, lc.group(requireId(req.id)).autoscaling),
      })),
    };
  }

  private async refresh(): Promise<Record<string, never>> {
    const next = this.pending;
    if (next) {
      try {
        await this.lifecycle.applyConfig(next);
        this.pending = undefined;
        this.logger.info({ source: next.source }, 'config applied');
      } catch (err) {
        // Refresh must not fail (it aborts CA's loop); the old config stays and we try again next Refresh.
        const why = err instanceof Error ? err.message : String(err);
        if (why !== this.pendingRefusal) this.logger.error({ source: next.source }, why);
        this.pendingRefusal = why;
      }
    }
    return {};
  }

  private template(id: string): TemplateNode {
    const group = this.lifecycle.group(id);
    const config = this.lifecycle.currentConfig;
    if (this.templatesOf !== config) {
      this.templates = new Map(config.nodeGroups.map((g) => [g.id, buildTemplateNode(config, g)]));
      this.templatesOf = config;
    }
    return this.templates.get(group.id)!;
  }

  private nodeGroup(id: string): NodeGroup {
    const g = this.lifecycle.group(id);
    return {
      id: g.id,
      minSize: g.minSize,
      maxSize: g.maxSize,
      debug: `rackscaler node group ${g.id}: ${g.machines.length} machines, min ${g.minSize}, max ${g.maxSize}`,
    };
  }

  private mutationsAllowed(): void {
    if (!this.acceptingMutations) throw new UnavailableError('rackscaler is shutting down; try again');
  }

  private unary<Req, Res>(method: string, fn: (req: Req) => Res | Promise<Res>): handleUnaryCall<Req, Res> {
    return (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>) => {
      const end = this.metrics.rpcs.startTimer({ method });
      let result: Res | Promise<Res>;
      try {
        result = fn(call.request);
      } catch (err) {
        this.fail(method, err, end, callback);
        return;
      }
      if (result instanceof Promise) {
        result.then(
          (res) => {
            end({ code: 'OK' });
            callback(null, res);
          },
          (err: unknown) => this.fail(method, err, end, callback),
        );
      } else {
        end({ code: 'OK' });
        callback(null, result);
      }
    };
  }

  private fail<Res>(method: string, err: unknown, end: (labels: { code: string }) => void, callback: sendUnaryData<Res>): void {
    const se = toServiceError(err);
    end({ code: statusName(se.code) });
    const level = se.code === grpcStatus.INTERNAL ? 'error' : se.code === grpcStatus.UNIMPLEMENTED ? 'debug' : 'warn';
    this.logger[level]({ rpc: method, code: statusName(se.code) }, se.details);
    callback(se);
  }
}

function requireId(id: string): string {
  if (!id) throw new InvalidArgumentError('node group id is empty');
  return id;
}

function toInstance(v: InstanceView): Instance {
  return {
    id: v.id,
    status: {
      instanceState: INSTANCE_STATE[v.status],
      ...(v.error ? { errorInfo: { errorCode: v.error.code, errorMessage: v.error.message, instanceErrorClass: v.error.class } } : {}),
    },
  };
}
