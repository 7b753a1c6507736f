// ipmitool's texts → power states and error kinds. The stderr samples are what ipmitool 1.8.19 -v
// printed against ipmi_sim 2.0.33 (and, for the busy/lookup lines, ipmitool's own message strings).
import { describe, expect, it } from 'vitest';
import { classifyFailure, meaningfulStderr } from '../providers/ipmi/failure.js';
import { parsePowerStatus } from '../providers/ipmi/power-status.js';
import { BmcError, type BmcErrorKind } from '../providers/types.js';

describe('chassis power status', () => {
  const cases: Array<[stdout: string, state: 'on' | 'off']> = [
    ['Chassis Power is on\n', 'on'],
    ['Chassis Power is off\n', 'off'],
    ['Chassis power is ON', 'on'],
    ['chassis power is Off', 'off'],
    ['Chassis Power State: On', 'on'],
    ['System Power is off', 'off'],
    ['Power is on', 'on'],
    ['power = off', 'off'],
  ];
  it.each(cases)('%j → %s', (stdout, state) => {
    expect(parsePowerStatus(stdout, 'ipmi://bmc-1')).toEqual({ state, raw: stdout.trim() });
  });

  it.each(['', 'Chassis Power is unknown', 'Power is online soon', 'Error: Unable to get Chassis Power Status'])(
    '%j → protocol error with the raw text and the endpoint',
    (stdout) => {
      const err = catchError(() => parsePowerStatus(stdout, 'ipmi://bmc-1'));
      expect(err).toBeInstanceOf(BmcError);
      expect(err.kind).toBe('protocol');
      expect(err.message).toContain(JSON.stringify(stdout.trim()));
      expect(err.message).toContain('ipmi://bmc-1');
    },
  );
});

describe('ipmitool failures', () => {
  const cases: Array<[stderr: string, kind: BmcErrorKind]> = [
    ['Loading IANA PEN Registry...\n> RAKP 2 HMAC is invalid\nError: Unable to establish IPMI v2 / RMCP+ session\n', 'auth'],
    ['RAKP 2 message indicates an error : unauthorized name\nError: Unable to establish IPMI v2 / RMCP+ session', 'auth'],
    ['Invalid user name\nError: Unable to establish LAN session\nError: Unable to establish IPMI v1.5 / RMCP session', 'auth'],
    ['No response from remote controller\nActivate Session command failed\nError: Unable to establish LAN session', 'auth'],
    ['Set Chassis Power Control to Up/On failed: Insufficient privilege level', 'auth'],
    ['Error in open session response message : invalid authentication algorithm\n', 'unsupported'],
    ['Set Chassis Power Control to Up/On failed: Node busy', 'busy'],
    ['Error in open session response message : insufficient resources for session', 'busy'],
    ['Address lookup for bmc-9.example failed\nCould not open socket!\nError: Unable to establish IPMI v2 / RMCP+ session', 'transport'],
    ['Get Auth Capabilities error\nError issuing Get Channel Authentication Capabilities request\nError: Unable to establish IPMI v2 / RMCP+ session', 'timeout'],
    ['Get Auth Capabilities command failed\nError: Unable to establish LAN session', 'timeout'],
    ['Unable to set Chassis Power Control to Up/On', 'protocol'],
    ['', 'protocol'],
  ];
  it.each(cases)('%j → %s', (stderr, kind) => {
    expect(classifyFailure(meaningfulStderr(stderr)).kind).toBe(kind);
  });

  it('drops the -v chatter that every run prints, failed or not', () => {
    const stderr = [
      'Loading IANA PEN Registry...',
      'Get HPM.x Capabilities request failed, compcode = d4',
      'Running Get VSO Capabilities my_addr 0x20, transit 0, target 0x20',
      'Invalid completion code received: Insufficient privilege level',
      'Discovered IPMB address 0x0',
      'Chassis Power Control: Up/On failed: Node busy',
    ].join('\n');
    expect(meaningfulStderr(stderr)).toBe('Chassis Power Control: Up/On failed: Node busy');
    expect(classifyFailure(meaningfulStderr(stderr)).kind).toBe('busy');
  });
});

function catchError(fn: () => unknown): BmcError {
  try {
    fn();
  } catch (err) {
    return err as BmcError;
  }
  throw new Error('expected an error');
}
