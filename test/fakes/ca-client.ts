// A client of our CloudProvider service that behaves like Cluster Autoscaler's externalgrpc provider
// (DESIGN §2): built from our proto, a 5 s deadline on every call, no retries. Besides the typed
// calls it sends hand-encoded request bytes and returns raw answer bytes, so tests can speak the
// wire forms of older CA releases and read answers field by field.
import { mkdtempSync, rmSync } from 'node:fs';
import { waitFor as waitUntil } from '../helpers/wait.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { credentials, type ChannelCredentials, type ServiceError } from '@grpc/grpc-js';
import protobuf from 'protobufjs';
import { SimWorld } from '../../providers/sim/world.js';
import { startApp, type App } from '../../src/app.js';
import type {
  CloudProviderClient,
  CloudProviderDefinition,
} from '../../src/generated/clusterautoscaler/cloudprovider/v1/externalgrpc/CloudProvider.js';
import type { ExternalGrpcNode } from '../../src/generated/clusterautoscaler/cloudprovider/v1/externalgrpc/ExternalGrpcNode.js';
import type { Instance__Output } from '../../src/generated/clusterautoscaler/cloudprovider/v1/externalgrpc/Instance.js';
import type { NodeGroup__Output } from '../../src/generated/clusterautoscaler/cloudprovider/v1/externalgrpc/NodeGroup.js';
import type {
  NodeGroupAutoscalingOptions,
  NodeGroupAutoscalingOptions__Output,
} from '../../src/generated/clusterautoscaler/cloudprovider/v1/externalgrpc/NodeGroupAutoscalingOptions.js';
import type { Node } from '../../src/generated/k8s/io/api/core/v1/Node.js';
import { decodeNode } from '../../src/k8s/codec.js';
import { silentLogger } from '../../src/log.js';
import { loadCloudProviderProto } from '../../src/server/proto.js';
import { CA_DEFAULTS } from '../../src/template/autoscaling-options.js';

/** CA's default `grpc_timeout`. */
export const CA_CALL_DEADLINE_MS = 5_000;

/** Annotation CA puts on the fake nodes it makes for unregistered or failed instances. */
export const FAKE_NODE_REASON = 'k8s.io/cluster-autoscaler/fake-node-reason';

/** The service's RPC names (the definition type minus grpc-js's index signature). */
export type Rpc = keyof { [K in keyof CloudProviderDefinition as string extends K ? never : K]: unknown };
type Def<M extends Rpc> = CloudProviderDefinition[M];
export type RpcRequest<M extends Rpc> = Parameters<Def<M>['requestSerialize']>[0];
export type RpcResponse<M extends Rpc> = ReturnType<Def<M>['responseDeserialize']>;

type UnaryStub = (req: unknown, options: { deadline: number }, cb: (err: ServiceError | null, res?: unknown) => void) => unknown;

export class CaClient {
  readonly definition: CloudProviderDefinition;
  private readonly stub: CloudProviderClient;

  /** `address` is host:port on loopback; plaintext like a CA cloud-config without certificates, unless `creds` say otherwise. */
  constructor(
    readonly address: string,
    creds: ChannelCredentials = credentials.createInsecure(),
  ) {
    const Service = loadCloudProviderProto().clusterautoscaler.cloudprovider.v1.externalgrpc.CloudProvider;
    this.definition = Service.service;
    this.stub = new Service(address, creds);
  }

  /** Every RPC of the service, in the proto's order. */
  rpcs(): Rpc[] {
    return Object.keys(this.definition) as Rpc[];
  }

  call<M extends Rpc>(method: M, request: RpcRequest<M>): Promise<RpcResponse<M>> {
    const fn = (this.stub as unknown as Record<string, UnaryStub>)[method];
    if (!fn) throw new Error(`CloudProvider has no RPC ${method}`);
    return new Promise((resolve, reject) => {
      fn.call(this.stub, request, { deadline: Date.now() + CA_CALL_DEADLINE_MS }, (err, res) =>
        err ? reject(err) : resolve(res as RpcResponse<M>),
      );
    });
  }

  /** Sends `body` as the request's bytes, as written, and returns the answer's bytes undecoded. */
  raw(method: Rpc, body: Uint8Array): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      this.stub.makeUnaryRequest<Buffer, Buffer>(
        this.definition[method].path,
        (b) => b,
        (b) => b,
        Buffer.from(body),
        { deadline: Date.now() + CA_CALL_DEADLINE_MS },
        (err, res) => (err ? reject(err) : resolve(res ?? Buffer.alloc(0))),
      );
    });
  }

  close(): void {
    this.stub.close();
  }
}

export interface CaHarness {
  app: App;
  client: CaClient;
  /** A second view of the simulated rack, read from the app's sim state file. */
  sim: SimWorld;
  dir: string;
  /** Stops the app, closes the client and removes the temp dir. */
  stop(): Promise<void>;
}

/** Scale of simulated delays: a power-on takes 20 ms, an OS boot 300 ms, Ready 50 ms later. */
export const E2E_SIM_TIME_SCALE = 0.01;

/** Starts rackscaler in-process on `configPath` (state in a fresh temp dir) with a CA client on it. */
export async function startWithCaClient(configPath: string): Promise<CaHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'rackscaler-e2e-'));
  const simStateFile = join(dir, 'sim-rack.json');
  let app: App;
  try {
    app = await startApp({
      configPath,
      stateFile: join(dir, 'state.json'),
      simStateFile,
      simTimeScale: E2E_SIM_TIME_SCALE,
      grpc: { listen: '127.0.0.1:0' },
      logger: silentLogger(),
    });
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const client = new CaClient(`127.0.0.1:${app.grpcPort}`);
  const sim = new SimWorld({ stateFile: simStateFile, timeScale: E2E_SIM_TIME_SCALE });
  return {
    app,
    client,
    sim,
    dir,
    stop: async () => {
      client.close();
      try {
        await app.stop();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** The gRPC error a call failed with; throws if it succeeded instead. */
export async function rpcFailure(pending: Promise<unknown>): Promise<ServiceError> {
  try {
    await pending;
  } catch (err) {
    if (typeof (err as ServiceError).code === 'number') return err as ServiceError;
    throw err;
  }
  throw new Error('the call succeeded, but an error was expected');
}

/**
 * Polls `probe` every 20 ms (as a CA loop would, only faster) until it returns a value, for at most
 * `timeoutMs`; the error names what was awaited.
 */
/** Polls `probe` (the shared helper) with the longer bound gRPC round trips need here. */
export function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  return waitUntil(what, probe, timeoutMs);
}

/** A node as CA builds it for an instance that has no registered Node: named by the instance id. */
export function fakeNode(instanceId: string, reason: 'unregistered' | 'create-error'): ExternalGrpcNode {
  return { providerID: instanceId, name: instanceId, labels: {}, annotations: { [FAKE_NODE_REASON]: reason } };
}

/** CA's flag defaults as CA 1.35+ sends them (protobuf Durations only). */
export function caDefaults(): NodeGroupAutoscalingOptions {
  const d = (ms: number) => ({ seconds: String(ms / 1000), nanos: 0 });
  return {
    scaleDownUtilizationThreshold: CA_DEFAULTS.scaleDownUtilizationThreshold,
    scaleDownGpuUtilizationThreshold: CA_DEFAULTS.scaleDownGpuUtilizationThreshold,
    scaleDownUnneededDuration: d(CA_DEFAULTS.scaleDownUnneededTimeMs),
    scaleDownUnreadyDuration: d(CA_DEFAULTS.scaleDownUnreadyTimeMs),
    MaxNodeProvisionDuration: d(CA_DEFAULTS.maxNodeProvisionTimeMs),
    maxNodeStartupDuration: d(CA_DEFAULTS.maxNodeStartupTimeMs),
  };
}

export interface CaLoopOptions {
  /** The cluster's registered nodes (providerID and name at least). */
  nodes?: ExternalGrpcNode[];
  defaults?: NodeGroupAutoscalingOptions;
}

export interface CaLoopResult {
  groups: NodeGroup__Output[];
  /** providerID of each given node → its group id ('' = not ours). */
  groupOfNode: Map<string, string>;
  /** Template nodes (decoded from nodeBytes) of the groups without a node of their own. */
  templates: Map<string, Node>;
  targetSizes: Map<string, number>;
  instances: Map<string, Instance__Output[]>;
  /** Instance id without a registered node → group id NodeGroupForNode gave for its fake node. */
  groupOfFakeNode: Map<string, string>;
  /** GetOptions answers of the groups that have a registered node. */
  options: Map<string, NodeGroupAutoscalingOptions__Output>;
}

/** One CA loop's calls, in CA's order (DESIGN §2). Rejects where CA would abort its loop. */
export async function runCaLoop(client: CaClient, opts: CaLoopOptions = {}): Promise<CaLoopResult> {
  const nodes = opts.nodes ?? [];
  await client.call('Refresh', {});
  const { nodeGroups: groups } = await client.call('NodeGroups', {});
  const groupOfNode = new Map<string, string>();
  for (const node of nodes) {
    const { nodeGroup } = await client.call('NodeGroupForNode', { node });
    groupOfNode.set(node.providerID ?? '', nodeGroup?.id ?? '');
  }
  const withNodes = new Set(groupOfNode.values());
  const templates = new Map<string, Node>();
  for (const g of groups.filter((x) => !withNodes.has(x.id))) {
    const { nodeBytes } = await client.call('NodeGroupTemplateNodeInfo', { id: g.id });
    // CA would fail to build node infos for this group.
    if (nodeBytes.length === 0) throw new Error(`node group ${g.id}: template answer carries no node bytes`);
    templates.set(g.id, decodeNode(nodeBytes));
  }
  const targetSizes = new Map<string, number>();
  const instances = new Map<string, Instance__Output[]>();
  for (const g of groups) {
    targetSizes.set(g.id, (await client.call('NodeGroupTargetSize', { id: g.id })).targetSize);
    instances.set(g.id, (await client.call('NodeGroupNodes', { id: g.id })).instances);
  }
  const registered = new Set(nodes.map((n) => n.providerID));
  const groupOfFakeNode = new Map<string, string>();
  for (const inst of [...instances.values()].flat().filter((i) => !registered.has(i.id))) {
    const node = fakeNode(inst.id, inst.status?.errorInfo?.errorCode ? 'create-error' : 'unregistered');
    groupOfFakeNode.set(inst.id, (await client.call('NodeGroupForNode', { node })).nodeGroup?.id ?? '');
  }
  const options = new Map<string, NodeGroupAutoscalingOptions__Output>();
  for (const id of [...groupOfNode.values()].filter((x) => x !== '')) {
    const res = await client.call('NodeGroupGetOptions', { id, defaults: opts.defaults ?? caDefaults() });
    if (!res.nodeGroupAutoscalingOptions) throw new Error(`node group ${id}: GetOptions answered without options`);
    options.set(id, res.nodeGroupAutoscalingOptions);
  }
  return { groups, groupOfNode, templates, targetSizes, instances, groupOfFakeNode, options };
}

/** One field of a protobuf message as it was on the wire. */
export interface WireField {
  wireType: number;
  /** Wire type 0. */
  varint?: bigint;
  /** Wire types 1, 2 and 5: the raw bytes. */
  bytes?: Buffer;
}

/** A protobuf message read field by field (no schema), to check exactly what went over the wire. */
export class WireMessage {
  readonly fields = new Map<number, WireField[]>();

  constructor(readonly data: Uint8Array) {
    const r = protobuf.Reader.create(data);
    while (r.pos < r.len) {
      const tag = r.uint32();
      const wireType = tag & 7;
      let field: WireField;
      if (wireType === 0) field = { wireType, varint: BigInt(r.uint64().toString()) };
      else if (wireType === 2) field = { wireType, bytes: Buffer.from(r.bytes()) };
      else if (wireType === 1 || wireType === 5) {
        const size = wireType === 1 ? 8 : 4;
        field = { wireType, bytes: Buffer.from(data.subarray(r.pos, r.pos + size)) };
        r.skip(size);
      } else throw new Error(`wire type ${wireType} of field ${tag >>> 3} is not used by this service`);
      const list = this.fields.get(tag >>> 3) ?? [];
      list.push(field);
      this.fields.set(tag >>> 3, list);
    }
  }

  has(n: number): boolean {
    return this.fields.has(n);
  }

  /** The field's bytes (length-delimited); throws naming the field when absent or repeated. */
  bytes(n: number): Buffer {
    const f = this.single(n, 2);
    return f.bytes!;
  }

  message(n: number): WireMessage {
    return new WireMessage(this.bytes(n));
  }

  messages(n: number): WireMessage[] {
    return (this.fields.get(n) ?? []).map((f, i) => {
      if (f.wireType !== 2) throw new Error(`field ${n}[${i}] has wire type ${f.wireType}, not 2`);
      return new WireMessage(f.bytes!);
    });
  }

  string(n: number): string {
    return this.bytes(n).toString('utf8');
  }

  varint(n: number): bigint {
    return this.single(n, 0).varint!;
  }

  double(n: number): number {
    return this.single(n, 1).bytes!.readDoubleLE(0);
  }

  private single(n: number, wireType: number): WireField {
    const list = this.fields.get(n);
    if (!list) throw new Error(`field ${n} is absent`);
    if (list.length !== 1) throw new Error(`field ${n} occurs ${list.length} times`);
    const f = list[0]!;
    if (f.wireType !== wireType) throw new Error(`field ${n} has wire type ${f.wireType}, expected ${wireType}`);
    return f;
  }
}
