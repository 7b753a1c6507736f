// The YAML input, field by field: shapes, formats and documented defaults (see types.ts). Relations
// between fields (duplicates, sizes against pools, unknown racks) are in cross-check.ts.
import { z } from 'zod';
import type { DriverRegistry } from '../../providers/registry.js';
import { parsePercentage, parseQuantity, type Percentage, type Quantity } from '../k8s/quantity.js';
import { parseDuration } from './duration.js';
import { dns1123LabelProblem, groupIdProblem, labelValueProblem, qualifiedNameProblem } from './k8s-names.js';
import { compileTemplate } from './template.js';
import type { CredentialRef } from './types.js';

/** A string that `parse` turns into a value or rejects by throwing an Error saying why. */
function parsedString<T>(parse: (text: string) => T, expected: string) {
  return z.string({ error: `expected ${expected}` }).transform((text, ctx) => {
    try {
      return parse(text);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: (err as Error).message });
      return z.NEVER;
    }
  });
}

/** A string passing a Kubernetes naming rule. */
function namedBy(problem: (text: string) => string | undefined, expected: string) {
  return parsedString((text) => {
    const wrong = problem(text);
    if (wrong !== undefined) throw new Error(wrong);
    return text;
  }, expected);
}

const duration = parsedString(parseDuration, 'a duration such as "3s", "12m" or "1h30m"');
const positiveDuration = duration.refine((ms) => ms > 0, 'must be longer than 0');

// Quantities may be written as YAML numbers (cpu: 64), as Kubernetes accepts in JSON.
const numberAsText = (v: unknown): unknown => (typeof v === 'number' ? String(v) : v);

function nonNegativeQuantity(text: string): Quantity {
  const q = parseQuantity(text);
  if (q.nanos < 0n) throw new Error(`quantity ${JSON.stringify(text)} must not be negative`);
  return q;
}

const quantity = z.preprocess(numberAsText, parsedString(nonNegativeQuantity, 'a quantity such as "64", "500m" or "2Gi"'));
const resourceName = namedBy(qualifiedNameProblem, 'a resource name');
const resources = z.record(resourceName, quantity);

/** An absolute quantity or a percentage of capacity. */
const threshold = z.preprocess(
  numberAsText,
  parsedString(
    (text): Quantity | Percentage => (text.endsWith('%') ? parsePercentage(text) : nonNegativeQuantity(text)),
    'a quantity such as "100Mi" or a percentage such as "10%"',
  ),
);

const taint = z.strictObject({
  key: namedBy(qualifiedNameProblem, 'a taint key'),
  value: namedBy(labelValueProblem, 'a taint value').default(''),
  effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute'], {
    error: 'must be NoSchedule, PreferNoSchedule or NoExecute',
  }),
});

const template = z
  .strictObject({
    labels: z.record(namedBy(qualifiedNameProblem, 'a label key'), namedBy(labelValueProblem, 'a label value')).default({}),
    taints: z.array(taint).default([]),
    capacity: resources,
    reserved: resources.default({}),
    evictionHard: z.record(resourceName, threshold).prefault({ memory: '100Mi' }),
    arch: z.string().min(1).default('amd64'),
    os: z.string().min(1).default('linux'),
  })
  .transform(compileTemplate);

const boot = z.strictObject({
  mode: z.enum(['uefi', 'legacy'], { error: 'must be uefi or legacy' }).optional(),
  powerOnTimeout: positiveDuration.prefault('3m'),
  registerTimeout: positiveDuration.prefault('15m'),
  readyTimeout: positiveDuration.prefault('10m'),
});

const powerOff = z.strictObject({
  gracefulTimeout: positiveDuration.prefault('3m'),
  forceTimeout: positiveDuration.prefault('2m'),
});

const quarantine = z
  .strictObject({ base: positiveDuration.prefault('5m'), max: positiveDuration.prefault('1h') })
  .refine((q) => q.base <= q.max, { message: 'base must not be longer than max', path: ['base'] });

const fraction = z.number().min(0).max(1);
const autoscaling = z.strictObject({
  scaleDownUtilizationThreshold: fraction.optional(),
  scaleDownGpuUtilizationThreshold: fraction.optional(),
  scaleDownUnneededTime: duration.optional(),
  scaleDownUnreadyTime: duration.optional(),
  maxNodeProvisionTime: duration.optional(),
  maxNodeStartupTime: duration.optional(),
  zeroOrMaxNodeScaling: z.boolean().optional(),
  ignoreDaemonSetsUtilization: z.boolean().optional(),
  allowNonAtomicScaleUpToMax: z.boolean().optional(),
});

/** Secret and Node names. */
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const secretKey = z.string().regex(/^[-._a-zA-Z0-9]+$/, 'must be a Secret data key (letters, digits, "-", "_", ".")');

/** A Kubernetes Secret with both halves of the credentials, re-read whenever it changes. */
const secretRef = z.strictObject({
  namespace: namedBy(dns1123LabelProblem, 'a namespace name'),
  name: z.string().max(253).regex(DNS1123_SUBDOMAIN, 'must be a Secret name (lower-case DNS subdomain)'),
  usernameKey: secretKey.default('username'),
  passwordKey: secretKey.default('password'),
});

// One object rather than a union, so that a mistake gets a message about that mistake.
const credentials = z
  .strictObject({
    username: z.string().min(1).optional(),
    passwordFile: z.string().min(1).optional(),
    passwordEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name').optional(),
    secret: secretRef.optional(),
  })
  .transform((c, ctx): CredentialRef => {
    if (c.secret !== undefined) {
      if (c.username === undefined && c.passwordFile === undefined && c.passwordEnv === undefined) return { secret: c.secret };
      ctx.addIssue({ code: 'custom', message: 'with secret, the username comes from the Secret too: drop username, passwordFile and passwordEnv' });
      return z.NEVER;
    }
    if (c.username === undefined) {
      ctx.addIssue({ code: 'custom', message: 'set username with passwordFile or passwordEnv, or secret: { namespace, name }' });
      return z.NEVER;
    }
    if (c.passwordFile !== undefined && c.passwordEnv === undefined) return { username: c.username, passwordFile: c.passwordFile };
    if (c.passwordEnv !== undefined && c.passwordFile === undefined) return { username: c.username, passwordEnv: c.passwordEnv };
    ctx.addIssue({ code: 'custom', message: 'set exactly one of passwordFile or passwordEnv' });
    return z.NEVER;
  });

const MAC = /^[0-9A-Fa-f]{2}([:-][0-9A-Fa-f]{2}){5}$/;

/** A MAC address with ':' or '-' separators in lower case with ':'; undefined when it is not one. */
export function normaliseMac(text: string): string | undefined {
  return MAC.test(text) ? text.toLowerCase().replaceAll('-', ':') : undefined;
}

const mac = parsedString((text) => {
  const normal = normaliseMac(text);
  if (normal === undefined) throw new Error(`"${text}" is not a MAC address such as b8:ca:3a:00:00:01`);
  return normal;
}, 'a MAC address');

/** A single value or a non-empty list of them. */
function oneOrMore<T extends z.ZodType>(item: T) {
  return z.preprocess((v) => (typeof v === 'string' ? [v] : v), z.array(item).min(1, 'must not be empty'));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A system UUID in lower case, or undefined when the text is not a UUID. */
export function normaliseSystemUUID(text: string): string | undefined {
  return UUID.test(text) ? text.toLowerCase() : undefined;
}

const systemUUID = parsedString((text) => {
  const uuid = normaliseSystemUUID(text);
  if (uuid === undefined) throw new Error(`"${text}" is not a UUID such as 4c4c4544-0042-3010-8051-b4c04f4b4e32`);
  return uuid;
}, 'a system UUID');

const PLACEHOLDER = /\{([^{}]*)\}/g;
const PLACEHOLDERS = ['name', 'mac'];

/** A group's hostname template for one machine: {name} is its name, {mac} its first MAC without separators. */
export function renderHostname(template: string, machine: { name: string; mac: string }): string {
  return template.replace(PLACEHOLDER, (_, key: string) => (key === 'name' ? machine.name : machine.mac.replaceAll(':', '')));
}

const hostnameTemplate = z.string().superRefine((text, ctx) => {
  const unknown = [...text.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '').filter((k) => !PLACEHOLDERS.includes(k));
  if (unknown.length > 0) {
    ctx.addIssue({ code: 'custom', message: `unknown placeholder ${unknown.map((k) => `{${k}}`).join(', ')} (use {name} and {mac})` });
  }
});

const MATCH_KINDS = ['providerID', 'systemUUID', 'hostname'] as const;

const registration = z
  .strictObject({
    match: z.array(z.enum(MATCH_KINDS, { error: 'must be providerID, systemUUID or hostname' })).min(1, 'must not be empty').default(['providerID']),
    hostname: hostnameTemplate.optional(),
  })
  .superRefine((r, ctx) => {
    const at = r.match.indexOf('providerID');
    if (at > 0) ctx.addIssue({ code: 'custom', path: ['match', at], message: 'providerID must come first: it is what Cluster Autoscaler matches' });
    r.match.forEach((kind, i) => {
      if (r.match.indexOf(kind) !== i) ctx.addIssue({ code: 'custom', path: ['match', i], message: `${kind} is listed twice` });
    });
    if (r.match.includes('hostname') && r.hostname === undefined) {
      ctx.addIssue({ code: 'custom', message: 'hostname (e.g. "node-{mac}") is needed when match includes hostname' });
    }
  });

function machine(registry: DriverRegistry) {
  return z.strictObject({
    name: namedBy(dns1123LabelProblem, 'a machine name'),
    rack: z.string(),
    bmc: oneOrMore(parsedString((raw) => registry.parse(raw), 'a BMC endpoint URL')),
    credentials: credentials.optional(),
    bmcCaFile: z.string().min(1).optional(),
    mac: oneOrMore(mac),
    providerID: z.string().regex(/^\S+$/, 'must be non-empty without spaces').optional(),
    cordoned: z.boolean().default(false),
    systemUUID: systemUUID.optional(),
  });
}

function nodeGroup(registry: DriverRegistry) {
  return z.strictObject({
    id: namedBy(groupIdProblem, 'a node group id'),
    minSize: z.int().min(0),
    maxSize: z.int().min(0),
    gpuTypes: z.array(namedBy(labelValueProblem, 'a GPU type (a label value)')).default([]),
    template,
    boot: boot.prefault({}),
    powerOff: powerOff.prefault({}),
    quarantine: quarantine.prefault({}),
    autoscaling: autoscaling.default({}),
    credentials: credentials.optional(),
    bmcCaFile: z.string().min(1).optional(),
    registration: registration.prefault({}),
    machines: z.array(machine(registry)),
  })
  .superRefine((g, ctx) => {
    const template = g.registration.hostname;
    if (template === undefined) return;
    // Each machine's rendering, since {name} and {mac} decide whether the result is a valid Node name.
    for (const m of g.machines) {
      const name = renderHostname(template, { name: m.name, mac: m.mac[0] ?? '' });
      if (name.length <= 253 && DNS1123_SUBDOMAIN.test(name)) continue;
      ctx.addIssue({
        code: 'custom',
        path: ['registration', 'hostname'],
        message: `gives "${name}" for machine ${m.name}, which is not a Node name (lower-case DNS subdomain of at most 253 characters)`,
      });
    }
  });
}

const rack = z.strictObject({
  name: namedBy(dns1123LabelProblem, 'a rack name'),
  powerBudgetWatts: z.number().positive().optional(),
  maxConcurrentPowerOn: z.int().min(1).default(4),
  powerOnSpacing: duration.prefault('0'),
});

export const DEFAULT_PROVIDER_ID_PREFIX = 'baremetal://';

export function configFileSchema(registry: DriverRegistry) {
  return z.strictObject(
    {
      providerIDPrefix: z.string().min(1).default(DEFAULT_PROVIDER_ID_PREFIX),
      gpuLabel: namedBy(qualifiedNameProblem, 'a label key').default('nvidia.com/gpu.product'),
      reconcileInterval: positiveDuration.prefault('5s'),
      racks: z.array(rack),
      nodeGroups: z.array(nodeGroup(registry)),
    },
    { error: 'the config must be a mapping with racks and nodeGroups' },
  );
}

export type ConfigFile = z.output<ReturnType<typeof configFileSchema>>;
