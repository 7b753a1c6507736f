// IPMI endpoint URLs: ipmi://host[:port][?options]. The registry turns a bare host into ipmi://host.
import { EndpointError, type BootMode } from '../types.js';

export type IpmiPrivilege = 'ADMINISTRATOR' | 'OPERATOR' | 'USER';
export type IpmiInterface = 'lanplus' | 'lan';

export interface IpmiEndpoint {
  /** Host for ipmitool -H: name, IPv4, or IPv6 without brackets. */
  host: string;
  port: number;
  /** lanplus only. Always passed explicitly: without -C ipmitool first asks the BMC (10 s on BMCs that do not answer). */
  cipherSuite: number;
  privilege: IpmiPrivilege;
  interface: IpmiInterface;
  /** Machine-level boot mode; wins over the group's mode. */
  bootMode: BootMode | undefined;
  /** Per ipmitool call; the child is killed when it passes. */
  timeoutMs: number;
  /** ipmitool's own -R. ipmitool reads -R 0 as "use a long default", so at least 1. */
  retries: number;
}

export const IPMI_DEFAULTS = {
  port: 623,
  // 3 = RAKP-HMAC-SHA1, HMAC-SHA1-96, AES-CBC-128: what ipmi_sim and most BMCs of the last decade accept.
  cipherSuite: 3,
  privilege: 'ADMINISTRATOR',
  interface: 'lanplus',
  timeoutMs: 15_000,
  retries: 1,
} as const satisfies Partial<IpmiEndpoint>;

const OPTIONS = ['cipherSuite', 'privilege', 'interface', 'bootMode', 'timeout', 'retries'] as const;
type OptionName = (typeof OPTIONS)[number];
const MAX_TIMEOUT_MS = 10 * 60_000;
const MAX_RETRIES = 10;

export function parse(url: URL): IpmiEndpoint {
  const scheme = url.protocol.replace(/:$/, '').toLowerCase();
  if (scheme !== 'ipmi') throw new EndpointError(`scheme "${scheme}" is not the IPMI scheme (use ipmi://host[:port])`);
  const at = `IPMI endpoint ${display(url)}`;
  if (url.hostname === '') throw new EndpointError(`${at} has no host`);
  if ((url.pathname !== '' && url.pathname !== '/') || url.hash !== '') {
    throw new EndpointError(`${at} takes no path or #fragment, only ipmi://host[:port]?options`);
  }
  const host = parseHost(at, url.hostname);
  const port = url.port === '' ? IPMI_DEFAULTS.port : Number(url.port);
  if (port === 0) throw new EndpointError(`${at}: port 0 is not a usable UDP port`);

  const opts = readOptions(at, url);
  const iface = oneOf(at, 'interface', opts.interface?.toLowerCase(), ['lanplus', 'lan'] as const) ?? IPMI_DEFAULTS.interface;
  if (iface === 'lan' && opts.cipherSuite !== undefined) {
    throw new EndpointError(`${at}: option cipherSuite applies to interface=lanplus only (IPMI 1.5 "lan" has no cipher suites)`);
  }
  return {
    host,
    port,
    cipherSuite: opts.cipherSuite === undefined ? IPMI_DEFAULTS.cipherSuite : parseInteger(at, 'cipherSuite', opts.cipherSuite, 0, 17),
    privilege:
      oneOf(at, 'privilege', opts.privilege?.toUpperCase(), ['ADMINISTRATOR', 'OPERATOR', 'USER'] as const) ??
      IPMI_DEFAULTS.privilege,
    interface: iface,
    bootMode: oneOf(at, 'bootMode', opts.bootMode?.toLowerCase(), ['uefi', 'legacy'] as const),
    timeoutMs: opts.timeout === undefined ? IPMI_DEFAULTS.timeoutMs : parseTimeout(at, opts.timeout),
    retries: opts.retries === undefined ? IPMI_DEFAULTS.retries : parseInteger(at, 'retries', opts.retries, 1, MAX_RETRIES),
  };
}

/** ipmitool takes a name or an address; the URL parser has already rejected most garbage, this catches the rest. */
function parseHost(at: string, hostname: string): string {
  const v6 = /^\[([0-9a-fA-F:.]+)\]$/.exec(hostname);
  if (v6?.[1] !== undefined) return v6[1];
  const labels = hostname.split('.');
  const ok = labels.every((l) => /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(l));
  if (!ok || hostname.length > 253) {
    throw new EndpointError(`${at}: host "${decodeURIComponent(hostname)}" is not a host name, IPv4 address or [IPv6] literal`);
  }
  // Non-special URL schemes keep the host's case; DNS does not care, messages and comparisons do.
  return hostname.toLowerCase();
}

function readOptions(at: string, url: URL): Partial<Record<OptionName, string>> {
  const out: Partial<Record<OptionName, string>> = {};
  for (const [key, value] of url.searchParams) {
    if (!(OPTIONS as readonly string[]).includes(key)) {
      throw new EndpointError(`${at}: unknown option "${key}" (known: ${OPTIONS.join(', ')})`);
    }
    const name = key as OptionName;
    if (out[name] !== undefined) throw new EndpointError(`${at}: option ${name} given twice`);
    out[name] = value;
  }
  return out;
}

function oneOf<T extends string>(at: string, name: OptionName, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new EndpointError(`${at}: option ${name}=${JSON.stringify(value)} must be one of ${allowed.join(', ')}`);
}

function parseInteger(at: string, name: OptionName, value: string, min: number, max: number): number {
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(n >= min && n <= max)) {
    throw new EndpointError(`${at}: option ${name}=${JSON.stringify(value)} must be an integer from ${min} to ${max}`);
  }
  return n;
}

/** "15s", "500ms", "2m"; a bare number means seconds. */
function parseTimeout(at: string, value: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(value);
  const unit = m?.[2] ?? 's';
  const ms = m ? Number(m[1]) * (unit === 'ms' ? 1 : unit === 's' ? 1000 : 60_000) : NaN;
  if (!(ms >= 1 && ms <= MAX_TIMEOUT_MS)) {
    throw new EndpointError(`${at}: option timeout=${JSON.stringify(value)} must be a duration like 15s, 500ms or 2m, between 1ms and 10m`);
  }
  return Math.round(ms);
}

/** The URL for messages, without userinfo (the registry rejects userinfo, but parse may be called directly). */
function display(url: URL): string {
  const copy = new URL(url.href);
  copy.username = '';
  copy.password = '';
  return copy.href;
}
