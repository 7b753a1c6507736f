import { describe, expect, it } from 'vitest';
import { DriverRegistry } from '../providers/registry.js';
import { DEFAULT_TIMEOUT_MS, parse, type RedfishEndpoint } from '../providers/redfish/endpoint.js';
import { redfishDriverFactory } from '../providers/redfish/index.js';
import { EndpointError } from '../providers/types.js';

const base: RedfishEndpoint = {
  protocol: 'https',
  host: 'bmc.example',
  port: 443,
  systemPath: undefined,
  systemId: undefined,
  insecureSkipVerify: false,
  bootMode: undefined,
  auth: 'auto',
  timeoutMs: DEFAULT_TIMEOUT_MS,
};

const good: [string, Partial<RedfishEndpoint>][] = [
  ['redfish://bmc.example', {}],
  ['redfish+https://bmc.example:8443/', { port: 8443 }],
  ['redfish+http://bmc.example', { protocol: 'http', port: 80 }],
  ['redfish+http://10.20.0.11:8000/redfish/v1/Systems/1', { protocol: 'http', host: '10.20.0.11', port: 8000, systemPath: '/redfish/v1/Systems/1' }],
  ['redfish://[fd00::11]/redfish/v1/Systems/System.Embedded.1/', { host: 'fd00::11', systemPath: '/redfish/v1/Systems/System.Embedded.1' }],
  ['redfish://[::1]:9443', { host: '::1', port: 9443 }],
  ['redfish://bmc.example?insecureSkipVerify=true', { insecureSkipVerify: true }],
  ['redfish://bmc.example?insecureSkipVerify=false', {}],
  ['redfish://bmc.example?bootMode=legacy&auth=basic', { bootMode: 'legacy', auth: 'basic' }],
  ['redfish://bmc.example?bootMode=uefi&auth=session', { bootMode: 'uefi', auth: 'session' }],
  ['redfish://bmc.example?timeout=500ms', { timeoutMs: 500 }],
  ['redfish://bmc.example?timeout=30s', { timeoutMs: 30_000 }],
  ['redfish://bmc.example?timeout=2m', { timeoutMs: 120_000 }],
  ['redfish://bmc.example?timeout=1m30s', { timeoutMs: 90_000 }],
  ['redfish://bmc.example?systemId=Self', { systemId: 'Self' }],
];

const bad: [string, RegExp][] = [
  ['redfish://bmc.example?verify=false', /unknown option "verify"/],
  ['redfish://bmc.example?insecureSkipVerify=yes', /insecureSkipVerify="yes" must be true or false/],
  ['redfish+http://bmc.example?insecureSkipVerify=true', /insecureSkipVerify applies to HTTPS only/],
  ['redfish://bmc.example?bootMode=bios', /bootMode="bios" must be one of uefi, legacy/],
  ['redfish://bmc.example?auth=digest', /auth="digest" must be one of session, basic, auto/],
  ['redfish://bmc.example?timeout=soon', /timeout="soon"/],
  ['redfish://bmc.example?timeout=0s', /timeout="0s" must be between 1ms and 10m/],
  ['redfish://bmc.example?timeout=7', /timeout="7".*missing a unit/],
  ['redfish://bmc.example?timeout=11m', /timeout="11m"/],
  ['redfish://bmc.example?auth=basic&auth=session', /option auth given twice/],
  ['redfish://bmc.example?systemId=', /systemId="" must be a non-empty id/],
  ['redfish://bmc.example?systemId=a/b', /systemId="a\/b"/],
  ['redfish://bmc.example/redfish/v1/Systems/1?systemId=1', /systemId conflicts with the System path \/redfish\/v1\/Systems\/1/],
  ['redfish://bmc.example/Systems/1', /path "\/Systems\/1" is not a Redfish System path/],
  ['redfish://bmc.example/redfish/v1/Systems/1#x', /must not have a #fragment/],
];

describe('Redfish endpoint parse', () => {
  it.each(good)('%s', (text, expected) => {
    expect(parse(new URL(text))).toEqual({ ...base, ...expected });
  });

  it.each(bad)('%s is refused', (text, message) => {
    const run = (): unknown => parse(new URL(text));
    expect(run).toThrow(EndpointError);
    expect(run).toThrow(message);
  });

  it('goes through the registry: scheme picks the driver, display keeps the URL', () => {
    const registry = new DriverRegistry([redfishDriverFactory]);
    expect(registry.schemes).toEqual(['redfish', 'redfish+https', 'redfish+http']);
    const ep = registry.parse('redfish+http://127.0.0.1:8000/redfish/v1/Systems/1?auth=basic');
    expect(ep.driver).toBe('redfish');
    expect(ep.display).toBe('redfish+http://127.0.0.1:8000/redfish/v1/Systems/1?auth=basic');
    expect(ep.options).toMatchObject({ protocol: 'http', port: 8000, auth: 'basic' });
    expect(() => registry.parse('redfish://bmc.example?tls=off')).toThrow(/unknown option "tls"/);
  });
});
