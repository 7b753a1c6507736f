import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { compileConfig, ConfigError, loadConfigFile } from '../src/config/load.js';
import { templateAllocatable } from '../src/config/template.js';
import { formatQuantity } from '../src/k8s/quantity.js';
import { testRegistry } from './fixtures/config/registry.js';

const registry = testRegistry();
const EXAMPLE = fileURLToPath(new URL('./fixtures/config/example.yaml', import.meta.url));

/** The ConfigError's message lines for a document given as lines (line n is lines[n-1]). */
function problems(lines: string[]): string[] {
  try {
    compileConfig(lines.join('\n'), 'test.yaml', registry);
  } catch (err) {
    if (err instanceof ConfigError) return err.message.split('\n');
    throw err;
  }
  throw new Error('expected a ConfigError');
}

const RACKS = ['racks:', '  - name: r1', '  - name: r2']; // lines 1-3

/** A group at lines 4.. : id on line 5, minSize 6, maxSize 7, capacity 9, machines key 10. */
function group(id: string, maxSize: number, machines: string[][], capacity = 'cpu: "4", memory: 8Gi, pods: "110"'): string[] {
  return [
    `  - id: ${id}`,
    '    minSize: 0',
    `    maxSize: ${maxSize}`,
    '    template:',
    `      capacity: { ${capacity} }`,
    machines.length === 0 ? '    machines: []' : '    machines:',
    ...machines.flat(),
  ];
}

/** Four lines: name (value at column 15), rack, bmc (column 14), mac (column 14). */
function machine(name: string, over: { rack?: string; bmc?: string; mac?: string; extra?: string[] } = {}): string[] {
  return [
    `      - name: ${name}`,
    `        rack: ${over.rack ?? 'r1'}`,
    `        bmc: ${over.bmc ?? `sim://${name}`}`,
    `        mac: ${over.mac ?? '"02:00:00:00:00:01"'}`,
    ...(over.extra ?? []),
  ];
}

describe('a valid file', () => {
  test('the documented example compiles to the expected config', async () => {
    const cfg = await loadConfigFile(EXAMPLE, registry);
    expect(cfg.source).toBe(EXAMPLE);
    expect(cfg.providerIDPrefix).toBe('baremetal://');
    expect(cfg.gpuLabel).toBe('nvidia.com/gpu.product');
    expect(cfg.gpuTypes).toEqual(['nvidia-a100']);
    expect(cfg.reconcileIntervalMs).toBe(5_000);
    expect([...cfg.racks.values()]).toEqual([
      { name: 'r12', powerBudgetWatts: 12000, maxConcurrentPowerOn: 4, powerOnSpacingMs: 3_000 },
      { name: 'r13', powerBudgetWatts: undefined, maxConcurrentPowerOn: 2, powerOnSpacingMs: 0 },
    ]);
    expect(cfg.nodeGroups.map((g) => g.id)).toEqual(['cpu-large', 'gpu-a100']);

    const [cpu, gpu] = cfg.nodeGroups;
    expect(cpu).toMatchObject({ minSize: 0, maxSize: 4, gpuTypes: [], machines: ['r650-01', 'r650-02', 'r650-03', 'r650-04'] });
    expect(cpu?.template).toEqual({
      labels: { 'node.kubernetes.io/instance-type': 'r650', 'rackscaler.io/pool': 'cpu' },
      taints: [],
      capacity: { cpu: '64', memory: '512Gi', pods: '110', 'ephemeral-storage': '1Ti' },
      reserved: { cpu: '500m', memory: '2Gi' },
      evictionHard: { memory: '100Mi', 'ephemeral-storage': '10%' },
      arch: 'amd64',
      os: 'linux',
    });
    expect(cpu?.boot).toEqual({ mode: 'uefi', powerOnTimeoutMs: 180_000, registerTimeoutMs: 900_000, readyTimeoutMs: 600_000 });
    expect(cpu?.autoscaling).toEqual({
      scaleDownUtilizationThreshold: undefined,
      scaleDownGpuUtilizationThreshold: undefined,
      scaleDownUnneededTimeMs: 1_200_000,
      scaleDownUnreadyTimeMs: undefined,
      maxNodeProvisionTimeMs: 1_800_000,
      maxNodeStartupTimeMs: undefined,
      zeroOrMaxNodeScaling: undefined,
      ignoreDaemonSetsUtilization: undefined,
      allowNonAtomicScaleUpToMax: undefined,
    });

    // YAML numbers are quantities too; defaults fill what the GPU group leaves out.
    expect(gpu?.template.capacity).toEqual({ cpu: '128', memory: '1Ti', pods: '110', 'nvidia.com/gpu': '4' });
    expect(gpu?.template.evictionHard).toEqual({ memory: '100Mi' });
    expect(gpu?.template.taints).toEqual([{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }]);
    expect(gpu?.gpuTypes).toEqual(['nvidia-a100']);
    expect(gpu?.boot).toEqual({ mode: undefined, powerOnTimeoutMs: 180_000, registerTimeoutMs: 900_000, readyTimeoutMs: 600_000 });
    expect(gpu?.powerOff).toEqual({ gracefulTimeoutMs: 180_000, forceTimeoutMs: 120_000 });
    expect(gpu?.quarantine).toEqual({ baseMs: 300_000, maxMs: 3_600_000 });
    expect(gpu?.autoscaling).toMatchObject({ scaleDownUtilizationThreshold: 0.3, scaleDownGpuUtilizationThreshold: 0.6, zeroOrMaxNodeScaling: false });

    expect(cfg.machines.get('r650-01')).toEqual({
      name: 'r650-01',
      group: 'cpu-large',
      rack: 'r12',
      providerID: 'baremetal://r650-01',
      bmc: [{ driver: 'redfish', display: 'redfish+https://10.20.0.11/redfish/v1/Systems/1', options: { host: '10.20.0.11' } }],
      credentials: { username: 'admin', passwordFile: '/etc/rackscaler/bmc/pool-a' },
      bmcCaFile: '/etc/rackscaler/bmc-ca.pem',
      macs: ['b8:ca:3a:00:00:01'],
      cordoned: false,
      systemUUID: undefined,
      registration: { match: ['providerID'], nodeName: undefined },
    });
    expect(cfg.machines.get('r650-02')?.bmc.map((e) => e.driver)).toEqual(['redfish', 'ipmi']);
    const bare = cfg.machines.get('r650-03');
    expect(bare?.bmc).toEqual([{ driver: 'ipmi', display: 'ipmi://10.20.0.13', options: { host: '10.20.0.13' } }]);
    expect(bare?.credentials).toEqual({ username: 'root', passwordEnv: 'BMC_R650_03' });
    expect(bare?.macs).toEqual(['b8:ca:3a:00:00:03', 'b8:ca:3a:00:01:03']);
    expect(cfg.machines.get('r650-04')?.cordoned).toBe(true);
    expect(cfg.machines.get('xe8545-01')).toMatchObject({
      group: 'gpu-a100',
      providerID: 'baremetal://gpu/xe8545-01',
      credentials: { username: 'admin', passwordEnv: 'BMC_GPU_POOL' },
      bmcCaFile: undefined,
    });
    expect(cfg.machines.get('xe8545-02')?.bmcCaFile).toBe('/etc/rackscaler/dell-ca.pem');
  });

  test('allocatable is capacity - reserved - evictionHard, percentages of capacity', async () => {
    const cfg = await loadConfigFile(EXAMPLE, registry);
    const cpu = cfg.nodeGroups[0];
    if (!cpu) throw new Error('no group');
    const alloc = Object.fromEntries(Object.entries(templateAllocatable(cpu.template)).map(([k, q]) => [k, formatQuantity(q)]));
    // memory: 512Gi - 2Gi - 100Mi = 522140Mi; storage: 2^40 - floor(2^40 / 10).
    expect(alloc).toEqual({ cpu: '63500m', memory: '522140Mi', pods: '110', 'ephemeral-storage': '989560464999' });
  });

  test('defaults of a minimal file', () => {
    const cfg = compileConfig([...RACKS, 'nodeGroups:', ...group('g1', 1, [machine('m1')])].join('\n'), 'min.yaml', registry);
    expect(cfg).toMatchObject({ providerIDPrefix: 'baremetal://', gpuLabel: 'nvidia.com/gpu.product', gpuTypes: [], reconcileIntervalMs: 5_000 });
    expect(cfg.racks.get('r1')).toEqual({ name: 'r1', powerBudgetWatts: undefined, maxConcurrentPowerOn: 4, powerOnSpacingMs: 0 });
    const g = cfg.nodeGroups[0];
    expect(g?.template).toMatchObject({ labels: {}, taints: [], reserved: {}, evictionHard: { memory: '100Mi' }, arch: 'amd64', os: 'linux' });
    expect(g?.quarantine).toEqual({ baseMs: 300_000, maxMs: 3_600_000 });
    expect(cfg.machines.get('m1')).toMatchObject({ providerID: 'baremetal://m1', credentials: undefined, bmcCaFile: undefined, cordoned: false });
    expect(g?.registration).toEqual({ match: ['providerID'], hostname: undefined });
  });

  test('registration fallbacks: match order, hostname rendered per machine, systemUUID lower case', () => {
    const lines = [
      ...RACKS,
      'nodeGroups:',
      ...group('legacy', 2, [
        machine('m1', { mac: '"B8-CA-3A-00-00-01"', extra: ['        systemUUID: 4C4C4544-0042-3010-8051-B4C04F4B4E32'] }),
        machine('m2', { mac: '["02:00:00:00:00:02", "02:00:00:00:00:03"]' }),
      ]),
      '    registration: { match: [providerID, systemUUID, hostname], hostname: "{name}.node-{mac}" }',
    ];
    const cfg = compileConfig(lines.join('\n'), 'reg.yaml', registry);
    expect(cfg.nodeGroups[0]?.registration).toEqual({ match: ['providerID', 'systemUUID', 'hostname'], hostname: '{name}.node-{mac}' });
    expect(cfg.machines.get('m1')).toMatchObject({
      systemUUID: '4c4c4544-0042-3010-8051-b4c04f4b4e32',
      registration: { match: ['providerID', 'systemUUID', 'hostname'], nodeName: 'm1.node-b8ca3a000001' },
    });
    expect(cfg.machines.get('m2')).toMatchObject({ systemUUID: undefined, registration: { nodeName: 'm2.node-020000000002' } });
  });
});

describe('errors name file:line:column and field', () => {
  test('YAML syntax', () => {
    expect(problems(['racks: []', 'nodeGroups: []', 'racks: []'])).toEqual(['test.yaml:3:1: YAML: Map keys must be unique']);
    expect(problems(['racks:', '  - name: r1', '    rack: r2', ' x'])).toEqual([
      'test.yaml:4:1: YAML: All mapping items must start at the same column',
      'test.yaml:4:2: YAML: Implicit map keys need to be followed by map values',
    ]);
  });

  test('unknown fields, at the key', () => {
    const lines = [...RACKS, 'nodeGroups:', ...group('g1', 1, [machine('m1', { extra: ['        colour: red'] })]), 'extra: 1'];
    expect(problems(lines)).toEqual([
      'test.yaml:15:9: nodeGroups[g1].machines[m1].colour: unknown field "colour"',
      'test.yaml:16:1: extra: unknown field "extra"',
    ]);
  });

  test('a missing required field points at its parent', () => {
    const lines = [...RACKS, 'nodeGroups:', '  - id: g1', '    minSize: 0', '    template: { capacity: { cpu: 1, memory: 1Gi, pods: 1 } }', '    machines: []'];
    expect(problems(lines)).toEqual(['test.yaml:5:5: nodeGroups[g1].maxSize: missing required field "maxSize"']);
  });

  test('duplicate group ids and rack names', () => {
    const lines = ['racks:', '  - name: r1', '  - name: r1', 'nodeGroups:', ...group('g1', 0, []), ...group('g1', 0, [])];
    expect(problems(lines)).toEqual([
      'test.yaml:3:11: racks[r1].name: duplicate rack name "r1" (first at line 2)',
      'test.yaml:11:9: nodeGroups[g1].id: duplicate node group id "g1" (first at line 5)',
    ]);
  });

  test('duplicate machine names in a group', () => {
    const lines = [...RACKS, 'nodeGroups:', ...group('g1', 2, [machine('m1'), machine('m1', { mac: '"02:00:00:00:00:02"' })])];
    expect(problems(lines)).toEqual(['test.yaml:15:15: nodeGroups[g1].machines[m1].name: duplicate machine name "m1" (first at line 11)']);
  });

  test('a machine in two groups', () => {
    const lines = [...RACKS, 'nodeGroups:', ...group('a', 1, [machine('m1')]), ...group('b', 1, [machine('m1', { mac: '"02:00:00:00:00:02"' })])];
    expect(problems(lines)).toEqual(['test.yaml:21:15: nodeGroups[b].machines[m1].name: machine m1 is in groups a (line 11) and b']);
  });

  test('duplicate providerIDs and MACs', () => {
    const lines = [
      ...RACKS,
      'nodeGroups:',
      ...group('g1', 2, [
        machine('m1', { mac: '"02:00:00:00:00:AA"' }),
        machine('m2', { mac: '["02-00-00-00-00-aa"]', extra: ['        providerID: baremetal://m1'] }),
      ]),
    ];
    expect(problems(lines)).toEqual([
      'test.yaml:18:15: nodeGroups[g1].machines[m2].mac[0]: MAC 02:00:00:00:00:aa is also machine m1\'s (line 14)',
      'test.yaml:19:21: nodeGroups[g1].machines[m2].providerID: providerID "baremetal://m1" is also machine m1\'s (line 11)',
    ]);
  });

  test('sizes: minSize > maxSize and maxSize > machines', () => {
    const lines = [...RACKS, 'nodeGroups:', ...group('g1', 2, [machine('m1')]).map((l) => l.replace('minSize: 0', 'minSize: 3'))];
    expect(problems(lines)).toEqual([
      'test.yaml:6:14: nodeGroups[g1].minSize: minSize 3 is greater than maxSize 2',
      'test.yaml:7:14: nodeGroups[g1].maxSize: maxSize 2 is more than the 1 machines in the group',
    ]);
  });

  test('unknown rack lists the known ones', () => {
    const lines = [...RACKS, 'nodeGroups:', ...group('g1', 1, [machine('m1', { rack: 'r9' })])];
    expect(problems(lines)).toEqual(['test.yaml:12:15: nodeGroups[g1].machines[m1].rack: unknown rack "r9" (known racks: r1, r2)']);
  });

  test('BMC endpoints: unknown scheme and a driver rejecting the URL, naming the machine', () => {
    const lines = [
      ...RACKS,
      'nodeGroups:',
      ...group('g1', 2, [machine('m1', { bmc: 'vnc://10.0.0.1' }), machine('m2', { bmc: '["redfish+https://10.0.0.2", "redfish+https:///x"]', mac: '"02:00:00:00:00:02"' })]),
    ];
    expect(problems(lines)).toEqual([
      'test.yaml:13:14: nodeGroups[g1].machines[m1].bmc: BMC endpoint scheme "vnc" is not supported (supported: sim, ipmi, redfish, redfish+https, redfish+http)',
      'test.yaml:17:43: nodeGroups[g1].machines[m2].bmc[1]: redfish endpoint redfish+https:///x has no host',
    ]);
  });

  test('bad MAC, quantity, duration, label, taint', () => {
    const lines = [
      ...RACKS,
      'nodeGroups:',
      '  - id: g1', // 5
      '    minSize: 0',
      '    maxSize: 1',
      '    template:',
      '      labels: { "Bad Key": x, ok: "-no-" }', // 9
      '      taints: [{ key: k, effect: NoSchedul }]', // 10
      '      capacity: { cpu: 4 cores, memory: 8Gi, pods: "110" }', // 11
      '    boot: { powerOnTimeout: 3 }', // 12
      '    quarantine: { base: 2h }', // 13
      '    machines:',
      ...machine('m1', { mac: '02:00:00:00:00' }), // 15-18
    ];
    expect(problems(lines)).toEqual([
      'test.yaml:9:17: nodeGroups[g1].template.labels[Bad Key]: "Bad Key": name part must be letters, digits, \'-\', \'_\' and \'.\', starting and ending with a letter or digit',
      'test.yaml:9:35: nodeGroups[g1].template.labels.ok: "-no-" must be letters, digits, \'-\', \'_\' and \'.\', starting and ending with a letter or digit',
      'test.yaml:10:34: nodeGroups[g1].template.taints[0].effect: must be NoSchedule, PreferNoSchedule or NoExecute',
      'test.yaml:11:24: nodeGroups[g1].template.capacity.cpu: quantity "4 cores" is malformed at " cores" (expected e.g. 500m, 2Gi, 1.5, 1e3)',
      'test.yaml:12:29: nodeGroups[g1].boot.powerOnTimeout: expected a duration such as "3s", "12m" or "1h30m"',
      'test.yaml:13:25: nodeGroups[g1].quarantine.base: base must not be longer than max',
      'test.yaml:18:14: nodeGroups[g1].machines[m1].mac: "02:00:00:00:00" is not a MAC address such as b8:ca:3a:00:00:01',
    ]);
  });

  test('registration: unknown match kind, providerID not first, hostname missing, unknown placeholder', () => {
    const lines = [
      ...RACKS,
      'nodeGroups:',
      ...group('g1', 0, []),
      '    registration: { match: [systemUUID, mac] }', // 11
      ...group('g2', 0, []),
      '    registration: { match: [systemUUID, providerID, hostname] }', // 18
      ...group('g3', 0, []),
      '    registration: { match: [hostname], hostname: "n-{serial}" }', // 25
    ];
    expect(problems(lines)).toEqual([
      'test.yaml:11:41: nodeGroups[g1].registration.match[1]: must be providerID, systemUUID or hostname',
      'test.yaml:18:19: nodeGroups[g2].registration: hostname (e.g. "node-{mac}") is needed when match includes hostname',
      'test.yaml:18:41: nodeGroups[g2].registration.match[1]: providerID must come first: it is what Cluster Autoscaler matches',
      'test.yaml:25:50: nodeGroups[g3].registration.hostname: unknown placeholder {serial} (use {name} and {mac})',
    ]);
  });

  test('registration: a hostname that renders to no Node name names the machine; bad and duplicate systemUUIDs', () => {
    const uuid = '4c4c4544-0042-3010-8051-b4c04f4b4e32';
    const bad = [
      ...RACKS,
      'nodeGroups:',
      ...group('g1', 1, [machine('m1')]),
      '    registration: { match: [providerID, hostname], hostname: "{mac}-{name}-" }', // 15
    ];
    expect(problems(bad)).toEqual([
      'test.yaml:15:62: nodeGroups[g1].registration.hostname: gives "020000000001-m1-" for machine m1, which is not a Node name (lower-case DNS subdomain of at most 253 characters)',
    ]);
    const uuids = [
      ...RACKS,
      'nodeGroups:',
      ...group('g1', 2, [
        machine('m1', { extra: [`        systemUUID: ${uuid.toUpperCase()}`] }), // 15
        machine('m2', { mac: '"02:00:00:00:00:02"', extra: [`        systemUUID: ${uuid}`] }), // 20
      ]),
      ...group('g2', 1, [machine('m3', { mac: '"02:00:00:00:00:03"', extra: ['        systemUUID: 4c4c4544-0042'] })]), // 31
    ];
    // Both at once: the duplicate (case-insensitive, naming the first one's line) and the malformed one.
    expect(problems(uuids)).toEqual([
      `test.yaml:20:21: nodeGroups[g1].machines[m2].systemUUID: systemUUID ${uuid} is also machine m1's (line 15)`,
      'test.yaml:31:21: nodeGroups[g2].machines[m3].systemUUID: "4c4c4544-0042" is not a UUID such as 4c4c4544-0042-3010-8051-b4c04f4b4e32',
    ]);
  });

  test('credentials need exactly one of passwordFile and passwordEnv', () => {
    const lines = [
      ...RACKS,
      'nodeGroups:',
      ...group('g1', 2, [
        machine('m1', { extra: ['        credentials: { username: a, passwordFile: /x, passwordEnv: X }'] }),
        machine('m2', { mac: '"02:00:00:00:00:02"', extra: ['        credentials: { username: a }'] }),
      ]),
    ];
    expect(problems(lines)).toEqual([
      'test.yaml:15:22: nodeGroups[g1].machines[m1].credentials: set exactly one of passwordFile or passwordEnv',
      'test.yaml:20:22: nodeGroups[g1].machines[m2].credentials: set exactly one of passwordFile or passwordEnv',
    ]);
  });

  test('template resources: required, known, allocatable not negative', () => {
    const lines = [
      ...RACKS,
      'nodeGroups:',
      '  - id: small', // 5
      '    minSize: 0',
      '    maxSize: 0',
      '    template:',
      '      capacity: { cpu: "1", memory: 1Gi, pods: "10" }', // 9
      '      reserved: { memory: 2Gi }',
      '      evictionHard: { memory: "10%" }',
      '    machines: []',
      '  - id: nopods', // 13
      '    minSize: 0',
      '    maxSize: 0',
      '    template:',
      '      capacity: { cpu: "1", memory: 1Gi }', // 17
      '    machines: []',
      '  - id: extra', // 19
      '    minSize: 0',
      '    maxSize: 0',
      '    template:',
      '      capacity: { cpu: "1", memory: 1Gi, pods: "1" }',
      '      reserved: { nvidia.com/gpu: "1" }', // 24
      '    machines: []',
    ];
    // 1Gi - 2Gi - floor(10% of 1073741824) = 1073741824 - 2147483648 - 107374182
    expect(problems(lines)).toEqual([
      'test.yaml:9:37: nodeGroups[small].template.capacity.memory: allocatable memory would be negative: capacity 1Gi - reserved 2Gi - evictionHard 107374182 = -1181116006',
      'test.yaml:17:17: nodeGroups[nopods].template.capacity: must include pods',
      'test.yaml:24:35: nodeGroups[extra].template.reserved[nvidia.com/gpu]: resource "nvidia.com/gpu" is not in capacity',
    ]);
  });

  test('all problems are reported together, in file order', () => {
    const lines = [
      'reconcileInterval: 5',
      ...RACKS, // 2-4
      'nodeGroups:',
      ...group('g1', 5, [machine('m1', { rack: 'r7', bmc: 'vnc://h' })]), // maxSize on 8, machine from 12
    ];
    expect(problems(lines)).toEqual([
      'test.yaml:1:20: reconcileInterval: expected a duration such as "3s", "12m" or "1h30m"',
      'test.yaml:8:14: nodeGroups[g1].maxSize: maxSize 5 is more than the 1 machines in the group',
      'test.yaml:13:15: nodeGroups[g1].machines[m1].rack: unknown rack "r7" (known racks: r1, r2)',
      'test.yaml:14:14: nodeGroups[g1].machines[m1].bmc: BMC endpoint scheme "vnc" is not supported (supported: sim, ipmi, redfish, redfish+https, redfish+http)',
    ]);
  });

  test('issues carry the same facts as the message', () => {
    try {
      compileConfig(['racks: []', 'nodeGroups: 3'].join('\n'), 'x.yaml', registry);
      throw new Error('expected a ConfigError');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).issues).toEqual([
        { file: 'x.yaml', line: 2, column: 13, field: 'nodeGroups', message: 'Invalid input: expected array, received number' },
      ]);
    }
  });

  test('secrets written into the file are never echoed', () => {
    const lines = [
      ...RACKS,
      'nodeGroups:',
      ...group('g1', 1, [
        machine('m1', {
          bmc: 'redfish+https://admin:hunter2@10.0.0.1/',
          extra: ['        credentials: { username: admin, password: hunter2 }'],
        }),
      ]),
    ];
    const text = problems(lines).join('\n');
    expect(text).toContain('machines[m1].bmc: BMC endpoint must not carry credentials in the URL');
    expect(text).toContain('machines[m1].credentials.password: unknown field "password"');
    expect(text).not.toContain('hunter2');
  });

  test('an empty file and an unreadable file', async () => {
    expect(problems([''])).toEqual(['test.yaml:1:1: the config must be a mapping with racks and nodeGroups']);
    const missing = fileURLToPath(new URL('./fixtures/config/does-not-exist.yaml', import.meta.url));
    await expect(loadConfigFile(missing, registry)).rejects.toThrow(`${missing}: cannot read the config file (ENOENT)`);
  });
});
