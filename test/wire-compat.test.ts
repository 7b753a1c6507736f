// Wire compatibility with CA's externalgrpc client from 1.26 to 1.36 (DESIGN §2.9): requests are
// hand-encoded as a given CA release sends them, answers are read field by field from the raw bytes.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { status } from '@grpc/grpc-js';
import protobuf from 'protobufjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { decodeNode } from '../src/k8s/codec.js';
import { parseQuantity } from '../src/k8s/quantity.js';
import { CA_DEFAULTS } from '../src/template/autoscaling-options.js';
import { NODE_GROUP_LABEL } from '../src/template/template-node.js';
import { rpcFailure, startWithCaClient, waitFor, WireMessage, type CaHarness } from './fakes/ca-client.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/e2e/rackscaler.yaml', import.meta.url));

interface FixtureGroup {
  id: string;
  gpuTypes?: string[];
  template: {
    labels?: Record<string, string>;
    taints?: Array<{ key: string; value: string; effect: string }>;
    capacity: Record<string, string>;
    reserved?: Record<string, string>;
  };
}
const fixture = parse(readFileSync(FIXTURE, 'utf8')) as { gpuLabel: string; nodeGroups: FixtureGroup[] };

/** CA's InstanceState enum as numbered in its proto. */
const INSTANCE_RUNNING = 1n;
const INSTANCE_CREATING = 2n;
const INSTANCE_DELETING = 3n;
const NS_PER_S = 1_000_000_000n;

const LEN = 2;
const VARINT = 0;
const FIXED64 = 1;
const tag = (field: number, wireType: number) => (field << 3) | wireType;

/** A message with a single string field 1 (the id of most requests). */
function idRequest(id: string): Uint8Array {
  return protobuf.Writer.create().uint32(tag(1, LEN)).string(id).finish();
}

interface Defaults {
  utilization: number;
  gpuUtilization: number;
  /** scaleDownUnneeded, scaleDownUnready, maxNodeProvision, in nanoseconds. */
  durationsNs: [bigint, bigint, bigint];
  maxNodeStartupNs?: bigint;
}

/**
 * NodeGroupAutoscalingOptionsRequest as a given CA sends it: `old` = CA ≤ 1.34 (meta Duration in
 * nanoseconds at 3/4/5), `new` = CA 1.35+ (protobuf Duration at 8/9/10/11). Bools 6/7/12 true.
 */
function optionsRequest(id: string, form: 'old' | 'new', d: Defaults): Uint8Array {
  const w = protobuf.Writer.create().uint32(tag(1, LEN)).string(id).uint32(tag(2, LEN)).fork();
  w.uint32(tag(1, FIXED64)).double(d.utilization).uint32(tag(2, FIXED64)).double(d.gpuUtilization);
  const durations = d.maxNodeStartupNs === undefined ? d.durationsNs : [...d.durationsNs, d.maxNodeStartupNs];
  durations.forEach((ns, i) => {
    if (form === 'old') {
      if (i < 3) w.uint32(tag(3 + i, LEN)).fork().uint32(tag(1, VARINT)).int64(Number(ns)).ldelim();
    } else {
      w.uint32(tag(8 + i, LEN)).fork();
      w.uint32(tag(1, VARINT)).int64(Number(ns / NS_PER_S));
      if (ns % NS_PER_S !== 0n) w.uint32(tag(2, VARINT)).int32(Number(ns % NS_PER_S));
      w.ldelim();
    }
  });
  for (const f of [6, 7, 12]) w.uint32(tag(f, VARINT)).bool(true);
  return w.ldelim().finish();
}

/** A meta Duration (3/4/5) answer field: nanoseconds. */
const metaNs = (opts: WireMessage, field: number) => opts.message(field).varint(1);

/** A protobuf Duration (8–11) answer field, in nanoseconds. */
function protoNs(opts: WireMessage, field: number): bigint {
  const d = opts.message(field);
  return (d.has(1) ? d.varint(1) : 0n) * NS_PER_S + (d.has(2) ? d.varint(2) : 0n);
}

const min = (n: number) => BigInt(n * 60) * NS_PER_S;

describe('wire compatibility with CA 1.26 to 1.36', () => {
  let h: CaHarness;
  beforeAll(async () => {
    h = await startWithCaClient(FIXTURE);
  });
  afterAll(async () => {
    await h?.stop();
  });

  async function options(id: string, form: 'old' | 'new', d: Defaults): Promise<WireMessage> {
    return new WireMessage(await h.client.raw('NodeGroupGetOptions', optionsRequest(id, form, d))).message(1);
  }

  it('TemplateNodeInfo sends the Node at field 1 (CA ≤ 1.34) and field 2 (CA 1.35+) with identical bytes, as the group describes it', async () => {
    const group = fixture.nodeGroups.find((g) => g.id === 'gpu')!;
    const answer = new WireMessage(await h.client.raw('NodeGroupTemplateNodeInfo', idRequest(group.id)));
    const inline = answer.bytes(1);
    const bytes = answer.bytes(2);
    expect(inline.length).toBeGreaterThan(0);
    expect(inline.equals(bytes)).toBe(true);

    const node = decodeNode(bytes);
    expect(decodeNode(inline)).toEqual(node);
    const q = (m: Record<string, { string?: string }> | undefined, k: string) => parseQuantity(m?.[k]?.string ?? 'missing').nanos;
    const { capacity, reserved = {} } = group.template;
    expect(Object.keys(node.status?.capacity ?? {}).sort()).toEqual(Object.keys(capacity).sort());
    expect(Object.keys(node.status?.allocatable ?? {}).sort()).toEqual(Object.keys(capacity).sort());
    // allocatable = capacity − reserved − the kubelet's default hard eviction (memory 100Mi).
    const eviction: Record<string, string> = { memory: '100Mi' };
    for (const [resource, text] of Object.entries(capacity)) {
      const cap = parseQuantity(String(text)).nanos;
      expect(q(node.status?.capacity, resource)).toBe(cap);
      const minus = [reserved[resource], eviction[resource]].reduce((sum, t) => sum + (t ? parseQuantity(String(t)).nanos : 0n), 0n);
      expect({ resource, allocatable: q(node.status?.allocatable, resource) }).toEqual({ resource, allocatable: cap - minus });
    }

    expect(node.metadata?.labels).toMatchObject({
      'kubernetes.io/arch': 'amd64',
      'kubernetes.io/os': 'linux',
      [NODE_GROUP_LABEL]: group.id,
      [fixture.gpuLabel]: group.gpuTypes?.[0],
      ...group.template.labels,
    });
    expect(node.spec?.taints?.map(({ key, value, effect }) => ({ key, value, effect }))).toEqual(group.template.taints);
    expect(node.status?.conditions?.filter((c) => c.type === 'Ready').map((c) => c.status)).toEqual(['True']);
  });

  const sent: Defaults = {
    utilization: 0.4,
    gpuUtilization: 0.3,
    durationsNs: [min(7), min(25), min(40)],
  };

  it.each(['old', 'new'] as const)('GetOptions with defaults only in the %s form answers both forms with equal values', async (form) => {
    const opts = await options('small', form, { ...sent, maxNodeStartupNs: min(12) });
    expect(opts.double(1)).toBe(sent.utilization);
    expect(opts.double(2)).toBe(sent.gpuUtilization);
    sent.durationsNs.forEach((ns, i) => {
      expect({ field: 3 + i, ns: metaNs(opts, 3 + i) }).toEqual({ field: 3 + i, ns });
      expect({ field: 8 + i, ns: protoNs(opts, 8 + i) }).toEqual({ field: 8 + i, ns });
    });
    // Field 11 is always filled: the new form carries CA's value, the old form has none (CA's default).
    expect(protoNs(opts, 11)).toBe(form === 'new' ? min(12) : BigInt(CA_DEFAULTS.maxNodeStartupTimeMs) * 1_000_000n);
    for (const f of [6, 7, 12]) expect({ field: f, value: opts.varint(f) }).toEqual({ field: f, value: 1n });
  });

  it('GetOptions keeps sub-second precision from protobuf Durations in both answer forms', async () => {
    const odd: Defaults = { ...sent, durationsNs: [min(7) + 250_000_000n, min(25), min(40)] };
    const opts = await options('small', 'new', odd);
    expect(metaNs(opts, 3)).toBe(min(7) + 250_000_000n);
    expect(opts.message(8).varint(1)).toBe(7n * 60n);
    expect(opts.message(8).varint(2)).toBe(250_000_000n);
  });

  it.each(['old', 'new'] as const)("the group's override wins over %s-form defaults, in both answer forms", async (form) => {
    // gpu: autoscaling.scaleDownUnneededTime 5m in the fixture.
    const opts = await options('gpu', form, sent);
    expect(metaNs(opts, 3)).toBe(min(5));
    expect(protoNs(opts, 8)).toBe(min(5));
    expect(metaNs(opts, 4)).toBe(sent.durationsNs[1]);
    expect(protoNs(opts, 9)).toBe(sent.durationsNs[1]);
    expect(opts.double(1)).toBe(sent.utilization);
  });

  it('never writes seconds into the nanosecond fields 3/4 (CA 1.26 would read 5 min as 300 ns)', async () => {
    const fiveMinutes: Defaults = { ...sent, durationsNs: [min(5), min(5), min(5)] };
    for (const [id, form] of [['gpu', 'old'], ['gpu', 'new'], ['small', 'old'], ['small', 'new']] as const) {
      const opts = await options(id, form, fiveMinutes);
      for (const f of [3, 4, 5]) {
        expect(metaNs(opts, f)).not.toBe(300n);
        expect({ id, form, field: f, ns: metaNs(opts, f) }).toEqual({ id, form, field: f, ns: 300n * NS_PER_S });
      }
      expect(opts.message(8).varint(1)).toBe(300n);
    }
  });

  it('PricingPodPrice and PricingNodePrice answer UNIMPLEMENTED to old- and new-form requests alike', async () => {
    // A Pod: metadata (1) with name (1) and namespace (3).
    const pod = protobuf.Writer.create().uint32(tag(1, LEN)).fork().uint32(tag(1, LEN)).string('web-0').uint32(tag(3, LEN)).string('default').ldelim().finish();
    // meta Time and protobuf Timestamp have the same shape: seconds (1).
    const withTimes = (w: protobuf.Writer, startField: number) => {
      for (const f of [startField, startField + 1]) w.uint32(tag(f, LEN)).fork().uint32(tag(1, VARINT)).int64(1_700_000_000).ldelim();
      return w.finish();
    };
    const node = () => protobuf.Writer.create().uint32(tag(1, LEN)).fork().uint32(tag(1, LEN)).string('baremetal://gpu-1').ldelim();
    const oldPod = withTimes(protobuf.Writer.create().uint32(tag(1, LEN)).bytes(pod), 2);
    const newPod = withTimes(protobuf.Writer.create().uint32(tag(4, LEN)).bytes(pod), 5);
    const oldNode = withTimes(node(), 2);
    const newNode = withTimes(node(), 4);
    const calls = [
      ['PricingPodPrice', oldPod],
      ['PricingPodPrice', newPod],
      ['PricingNodePrice', oldNode],
      ['PricingNodePrice', newNode],
    ] as const;
    for (const [rpc, body] of calls) {
      const err = await rpcFailure(h.client.raw(rpc, body));
      expect({ rpc, code: status[err.code] }).toEqual({ rpc, code: status[status.UNIMPLEMENTED] });
    }
  });

  it('NodeGroupNodes carries CA’s instance state numbers and errorInfo fields 1/2/3', async () => {
    await h.client.call('NodeGroupIncreaseSize', { id: 'pool', delta: 2 });
    const read = async () => new WireMessage(await h.client.raw('NodeGroupNodes', idRequest('pool'))).messages(1);
    const byId = async () => new Map((await read()).map((inst) => [inst.string(1), inst.message(2)]));

    const first = await byId();
    expect(first.size).toBe(2);
    const machine = first.get('baremetal://pool-1')!;
    expect(machine.varint(1)).toBe(INSTANCE_CREATING);
    expect(machine.has(2)).toBe(false);
    const [shortId, short] = [...first].find(([id]) => id !== 'baremetal://pool-1')!;
    expect(short.varint(1)).toBe(INSTANCE_CREATING);
    const info = short.message(2);
    expect(info.string(1)).toBe('no-free-machine');
    expect(info.string(2)).toContain('"pool"');
    expect(info.varint(3)).toBe(1n);

    await waitFor('pool-1 running on the wire', async () =>
      (await byId()).get('baremetal://pool-1')?.varint(1) === INSTANCE_RUNNING ? true : undefined,
    );
    await h.client.call('NodeGroupDeleteNodes', { id: 'pool', nodes: [{ providerID: 'baremetal://pool-1', name: 'pool-1' }] });
    const deleting = await byId();
    expect(deleting.get('baremetal://pool-1')?.varint(1)).toBe(INSTANCE_DELETING);
    expect(deleting.get(shortId)?.varint(1)).toBe(INSTANCE_CREATING);
  });
});
