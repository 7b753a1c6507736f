import { describe, expect, it } from 'vitest';
import { ipmiDriverFactory, type IpmiEndpoint } from '../providers/ipmi/index.js';
import { DriverRegistry } from '../providers/registry.js';
import { EndpointError } from '../providers/types.js';

const registry = new DriverRegistry([ipmiDriverFactory]);
const defaults: IpmiEndpoint = {
  host: '',
  port: 623,
  cipherSuite: 3,
  privilege: 'ADMINISTRATOR',
  interface: 'lanplus',
  bootMode: undefined,
  timeoutMs: 15_000,
  retries: 1,
};

describe('IPMI endpoint: accepted', () => {
  const cases: Array<[written: string, expected: Partial<IpmiEndpoint>]> = [
    ['10.20.0.11', { host: '10.20.0.11' }],
    ['10.20.0.11:6230', { host: '10.20.0.11', port: 6230 }],
    ['bmc-01.r12.example', { host: 'bmc-01.r12.example' }],
    ['ipmi://BMC-01', { host: 'bmc-01' }],
    ['[fd00::11]', { host: 'fd00::11' }],
    ['ipmi://[fd00::11]:700', { host: 'fd00::11', port: 700 }],
    ['ipmi://h?cipherSuite=17', { host: 'h', cipherSuite: 17 }],
    ['ipmi://h?cipherSuite=0', { host: 'h', cipherSuite: 0 }],
    ['ipmi://h?privilege=operator', { host: 'h', privilege: 'OPERATOR' }],
    ['ipmi://h?privilege=USER', { host: 'h', privilege: 'USER' }],
    ['ipmi://h?interface=lan', { host: 'h', interface: 'lan' }],
    ['ipmi://h?bootMode=legacy', { host: 'h', bootMode: 'legacy' }],
    ['ipmi://h?bootMode=uefi', { host: 'h', bootMode: 'uefi' }],
    ['ipmi://h?timeout=10s', { host: 'h', timeoutMs: 10_000 }],
    ['ipmi://h?timeout=2500ms', { host: 'h', timeoutMs: 2500 }],
    ['ipmi://h?timeout=2m', { host: 'h', timeoutMs: 120_000 }],
    ['ipmi://h?timeout=30', { host: 'h', timeoutMs: 30_000 }],
    ['ipmi://h?retries=4', { host: 'h', retries: 4 }],
    [
      'ipmi://[::1]:9623/?cipherSuite=3&privilege=OPERATOR&interface=lanplus&bootMode=uefi&timeout=5s&retries=2',
      { host: '::1', port: 9623, privilege: 'OPERATOR', bootMode: 'uefi', timeoutMs: 5000, retries: 2 },
    ],
  ];
  it.each(cases)('%s', (written, expected) => {
    const parsed = registry.parse(written);
    expect(parsed.driver).toBe('ipmi');
    expect(parsed.options).toEqual({ ...defaults, ...expected });
  });

  it('shows the endpoint with its scheme', () => {
    expect(registry.parse('10.20.0.11').display).toBe('ipmi://10.20.0.11');
  });
});

describe('IPMI endpoint: rejected, saying which option and why', () => {
  const cases: Array<[written: string, message: RegExp]> = [
    ['ipmi://h?cipher=3', /unknown option "cipher" \(known: cipherSuite, /],
    ['ipmi://h?cipherSuite=18', /option cipherSuite="18" must be an integer from 0 to 17/],
    ['ipmi://h?cipherSuite=-1', /option cipherSuite="-1" must be an integer/],
    ['ipmi://h?cipherSuite=3.5', /option cipherSuite="3.5" must be an integer/],
    ['ipmi://h?cipherSuite=', /option cipherSuite="" must be an integer/],
    ['ipmi://h?privilege=root', /option privilege="ROOT" must be one of ADMINISTRATOR, OPERATOR, USER/],
    ['ipmi://h?interface=serial', /option interface="serial" must be one of lanplus, lan/],
    ['ipmi://h?interface=lan&cipherSuite=3', /option cipherSuite applies to interface=lanplus only/],
    ['ipmi://h?bootMode=bios', /option bootMode="bios" must be one of uefi, legacy/],
    ['ipmi://h?timeout=fast', /option timeout="fast" must be a duration like 15s/],
    ['ipmi://h?timeout=0s', /option timeout="0s" must be a duration/],
    ['ipmi://h?timeout=11m', /option timeout="11m" must be a duration .* between 1ms and 10m/],
    ['ipmi://h?retries=0', /option retries="0" must be an integer from 1 to 10/],
    ['ipmi://h?retries=11', /option retries="11" must be an integer from 1 to 10/],
    ['ipmi://h?timeout=1s&timeout=2s', /option timeout given twice/],
    ['ipmi://h/redfish/v1', /IPMI endpoint ipmi:\/\/h\/redfish\/v1 takes no path/],
    ['ipmi://h#x', /takes no path or #fragment/],
    ['ipmi://h:0', /port 0 is not a usable UDP port/],
    ['ipmi://bad_host', /host "bad_host" is not a host name, IPv4 address or \[IPv6\] literal/],
    ['ipmi://-bmc', /host "-bmc" is not a host name/],
  ];
  it.each(cases)('%s', (written, message) => {
    expect(() => registry.parse(written)).toThrow(EndpointError);
    expect(() => registry.parse(written)).toThrow(message);
  });

  it('names the endpoint in every message', () => {
    expect(() => registry.parse('ipmi://bmc-07:700?retries=x')).toThrow(/^IPMI endpoint ipmi:\/\/bmc-07:700\/?\?retries=x: /);
  });
});
