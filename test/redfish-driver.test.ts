import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DriverRegistry } from '../providers/registry.js';
import { redfishDriverFactory } from '../providers/redfish/index.js';
import { BmcError, EndpointError, type BmcDriver, type BmcErrorKind, type CredentialSource, type PowerReading } from '../providers/types.js';
import { startRedfishEmulator, type EmulatorOptions, type RedfishEmulator } from './fakes/redfish-emulator/index.js';

const registry = new DriverRegistry([redfishDriverFactory]);
const PASSWORD = 'Zq9-very-secret-bmc-password';
const call = (): { signal: AbortSignal } => ({ signal: AbortSignal.timeout(10_000) });

const running: { emulators: RedfishEmulator[]; drivers: BmcDriver[] } = { emulators: [], drivers: [] };

async function emulator(opts: EmulatorOptions = {}): Promise<RedfishEmulator> {
  const emu = await startRedfishEmulator({ password: PASSWORD, ...opts });
  running.emulators.push(emu);
  return emu;
}

function credentials(username: string, password: string): CredentialSource {
  return { describe: 'test credentials', get: async () => ({ username, password }) };
}

function driver(emu: RedfishEmulator, suffix = '', opts: { caFile?: string | undefined; password?: string } = {}): BmcDriver {
  const d = registry.create(registry.parse(`${emu.url}${suffix}`), {
    credentials: credentials(emu.username, opts.password ?? emu.password),
    caFile: 'caFile' in opts ? opts.caFile : emu.caFile,
  });
  running.drivers.push(d);
  return d;
}

/** Expects a BmcError of `kind` and checks no secret leaked into it. */
async function failure(p: Promise<unknown>, kind: BmcErrorKind, emu: RedfishEmulator): Promise<BmcError> {
  const err = await p.then(
    () => expect.fail(`expected a ${kind} BmcError`),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(BmcError);
  const bmc = err as BmcError;
  expect(bmc.kind, bmc.message).toBe(kind);
  expect(bmc.message).toContain(emu.url);
  const text = `${bmc.message} ${String(bmc.cause)} ${bmc.stack}`;
  for (const secret of [emu.password, ...emu.issuedTokens]) expect(text).not.toContain(secret);
  return bmc;
}

async function waitFor(d: BmcDriver, state: PowerReading['state']): Promise<void> {
  for (;;) {
    if ((await d.powerState(call())).state === state) return;
    await sleep(20);
  }
}

const SYSTEM = '/redfish/v1/Systems/1';
const RESET = `${SYSTEM}/Actions/ComputerSystem.Reset`;
const SESSIONS = '/redfish/v1/SessionService/Sessions';

afterEach(async () => {
  await Promise.all(running.drivers.splice(0).map((d) => d.close()));
  await Promise.all(running.emulators.splice(0).map((e) => e.stop()));
});

describe('Redfish driver over HTTP', () => {
  it('logs in once, reuses the session token and logs out on close', async () => {
    const emu = await emulator();
    const d = driver(emu);
    expect(await d.powerState(call())).toEqual({ state: 'off', raw: 'Off' });
    expect(await d.powerState(call())).toEqual({ state: 'off', raw: 'Off' });
    const logins = emu.requests.filter((r) => r.method === 'POST' && r.path === SESSIONS);
    expect(logins).toHaveLength(1);
    expect(logins[0]?.body).toEqual({ UserName: 'admin', Password: PASSWORD });
    expect(emu.requests.filter((r) => r.path !== SESSIONS).every((r) => r.auth === 'session')).toBe(true);
    expect(emu.openSessions()).toBe(1);
    await d.close();
    expect(emu.requests.at(-1)).toMatchObject({ method: 'DELETE', path: `${SESSIONS}/1`, auth: 'session' });
    expect(emu.openSessions()).toBe(0);
  });

  it('uses Basic auth when asked, without a session', async () => {
    const emu = await emulator();
    const d = driver(emu, '?auth=basic');
    await d.powerState(call());
    expect(emu.requests.length).toBeGreaterThan(0);
    expect(emu.requests.every((r) => r.auth === 'basic' && r.path !== SESSIONS)).toBe(true);
  });

  it('auto mode falls back to Basic when the service has no SessionService', async () => {
    const emu = await emulator({ faults: { noSessionService: true } });
    const d = driver(emu);
    expect((await d.powerState(call())).state).toBe('off');
    expect((await d.powerState(call())).state).toBe('off');
    expect(emu.requests.filter((r) => r.path === SESSIONS)).toHaveLength(1);
    expect(emu.requests.filter((r) => r.path !== SESSIONS).every((r) => r.auth === 'basic')).toBe(true);
  });

  it('auth=session on a service without SessionService is unsupported', async () => {
    const emu = await emulator({ faults: { noSessionService: true } });
    const err = await failure(driver(emu, '?auth=session').powerState(call()), 'unsupported', emu);
    expect(err.message).toContain('SessionService');
  });

  it('runs the full power path: pxe → on → On → graceful off → Off → force off → cycle', async () => {
    const emu = await emulator({ faults: { requireEtag: true, powerTransitionMs: 60_000 } });
    const d = driver(emu, SYSTEM);

    await d.setOneTimePxeBoot(call(), 'uefi');
    const patch = emu.requests.find((r) => r.method === 'PATCH');
    expect(patch?.body).toEqual({ Boot: { BootSourceOverrideTarget: 'Pxe', BootSourceOverrideEnabled: 'Once', BootSourceOverrideMode: 'UEFI' } });
    // requireEtag: the emulator accepted the PATCH only because If-Match carried the current ETag.
    expect(patch?.headers['if-match']).toMatch(/^W\/"\d+"$/);
    expect(emu.state('1').boot).toMatchObject({ BootSourceOverrideTarget: 'Pxe', BootSourceOverrideEnabled: 'Once' });

    await d.powerOn(call());
    expect(await d.powerState(call())).toEqual({ state: 'powering-on', raw: 'PoweringOn' });
    emu.finishTransitions();
    await waitFor(d, 'on');
    expect(emu.state('1').boots).toEqual([{ target: 'Pxe', mode: 'UEFI' }]);
    expect(emu.state('1').boot.BootSourceOverrideEnabled).toBe('Disabled');

    await d.powerOff(call(), 'graceful');
    expect((await d.powerState(call())).state).toBe('powering-off');
    emu.finishTransitions();
    await waitFor(d, 'off');

    await d.powerOff(call(), 'force');
    expect((await d.powerState(call())).state).toBe('off');
    await d.powerCycle(call());
    emu.finishTransitions();
    await waitFor(d, 'on');

    const resets = emu.requests.filter((r) => r.method === 'POST' && r.path === RESET).map((r) => r.body);
    expect(resets).toEqual([{ ResetType: 'On' }, { ResetType: 'GracefulShutdown' }, { ResetType: 'ForceOff' }, { ResetType: 'PowerCycle' }]);
    expect(emu.state('1').resets).toEqual(['On', 'GracefulShutdown', 'ForceOff', 'PowerCycle']);
  });

  it('waits through a real (short) power transition', async () => {
    const emu = await emulator({ faults: { powerTransitionMs: 100 } });
    const d = driver(emu);
    await d.powerOn(call());
    await waitFor(d, 'on');
    expect(emu.state('1').powerState).toBe('On');
  });

  it('sends bodies with an exact Content-Length, never chunked', async () => {
    const emu = await emulator();
    const d = driver(emu);
    await d.setOneTimePxeBoot(call(), 'legacy');
    await d.powerOn(call());
    const withBody = emu.requests.filter((r) => r.body !== undefined);
    expect(withBody.map((r) => r.method)).toEqual(['POST', 'PATCH', 'POST']);
    for (const r of withBody) {
      expect(r.headers['transfer-encoding']).toBeUndefined();
      expect(Number(r.headers['content-length'])).toBe(Buffer.byteLength(JSON.stringify(r.body)));
    }
  });

  it('the emulator answers a chunked body with 411, as the BMC that broke redfish-client did', async () => {
    const emu = await emulator();
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(`${emu.origin}${SESSIONS}`, { method: 'POST' }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.write('{"UserName":');
      req.end('"admin"}');
    });
    expect(status).toBe(411);
    expect(emu.requests[0]?.headers['transfer-encoding']).toBe('chunked');
  });

  it('reads power state fresh every time and normalises odd strings', async () => {
    const emu = await emulator();
    const d = driver(emu);
    const cases: [string, PowerReading['state']][] = [
      ['on', 'on'], ['ON', 'on'], [' Off ', 'off'], ['PoweringOn', 'powering-on'], ['poweringoff', 'powering-off'],
      ['Standby', 'unknown'], ['', 'unknown'],
    ];
    for (const [raw, state] of cases) {
      emu.setFault({ powerStateText: raw });
      expect(await d.powerState(call())).toEqual({ state, raw });
    }
  });

  it('retries a PATCH once with a fresh ETag after 412', async () => {
    const emu = await emulator({ faults: { requireEtag: true, etagConflicts: 1 } });
    const d = driver(emu);
    await d.setOneTimePxeBoot(call(), undefined);
    const patches = emu.requests.filter((r) => r.method === 'PATCH');
    expect(patches).toHaveLength(2);
    expect(patches[0]?.headers['if-match']).not.toBe(patches[1]?.headers['if-match']);
    expect(patches[1]?.body).toEqual({ Boot: { BootSourceOverrideTarget: 'Pxe', BootSourceOverrideEnabled: 'Once' } });
    expect(emu.state('1').boot.BootSourceOverrideTarget).toBe('Pxe');
  });

  it('gives up after a second 412', async () => {
    const emu = await emulator({ faults: { etagConflicts: 2 } });
    const err = await failure(driver(emu).setOneTimePxeBoot(call(), undefined), 'busy', emu);
    expect(err.message).toContain('412');
    expect(emu.requests.filter((r) => r.method === 'PATCH')).toHaveLength(2);
  });

  it('refuses PXE when the BMC does not list Pxe as a boot target', async () => {
    const emu = await emulator({ faults: { noPxe: true } });
    const err = await failure(driver(emu).setOneTimePxeBoot(call(), 'uefi'), 'unsupported', emu);
    expect(err.message).toContain('BootSourceOverrideTarget Pxe');
    expect(emu.requests.some((r) => r.method === 'PATCH')).toBe(false);
  });

  it('polls a 202 task monitor until the Reset completes', async () => {
    const emu = await emulator({ faults: { resetTask: { polls: 2, retryAfterSeconds: 0, outcome: 'Completed' } } });
    const d = driver(emu);
    await d.powerOn(call());
    const polls = emu.requests.filter((r) => r.path.startsWith('/redfish/v1/TaskService/TaskMonitors/'));
    expect(polls).toHaveLength(3);
    expect(emu.state('1').powerState).toBe('On');
  });

  it('reports a failed Reset task with the task message', async () => {
    const emu = await emulator({ faults: { resetTask: { polls: 1, retryAfterSeconds: 0, outcome: 'Exception' } } });
    const err = await failure(driver(emu).powerOn(call()), 'busy', emu);
    expect(err.message).toContain('power supply fault');
    expect(emu.state('1').powerState).toBe('Off');
  });

  it('reads ResetTypes from an ActionInfo resource', async () => {
    const emu = await emulator({ faults: { actionInfo: true, disallowGracefulShutdown: true } });
    const d = driver(emu);
    await d.powerOn(call());
    expect(emu.requests.some((r) => r.path === `${SYSTEM}/ResetActionInfo`)).toBe(true);
    await failure(d.powerOff(call(), 'graceful'), 'unsupported', emu);
  });

  it('says unsupported for graceful off when GracefulShutdown is not allowed, so the caller can force', async () => {
    const emu = await emulator({ systems: [{ id: '1', power: 'On' }], faults: { disallowGracefulShutdown: true } });
    const d = driver(emu);
    const err = await failure(d.powerOff(call(), 'graceful'), 'unsupported', emu);
    expect(err.message).toContain('GracefulShutdown');
    expect(emu.requests.some((r) => r.path === RESET)).toBe(false);
    await d.powerOff(call(), 'force');
    expect(emu.state('1').powerState).toBe('Off');
  });

  it('times out on a BMC that accepts and never answers', async () => {
    const emu = await emulator({ faults: { hang: true } });
    const err = await failure(driver(emu, '?timeout=200ms').powerState(call()), 'timeout', emu);
    expect(err.message).toContain('200 ms');
  });

  it('maps 503 bursts to busy, one error per call, then recovers', async () => {
    const emu = await emulator({ faults: { unavailable: 2 } });
    const d = driver(emu);
    const err = await failure(d.powerState(call()), 'busy', emu);
    expect(err.message).toContain('temporarily unavailable');
    expect(err.retryable).toBe(true);
    await failure(d.powerState(call()), 'busy', emu);
    expect((await d.powerState(call())).state).toBe('off');
  });

  it('maps wrong credentials to auth, for session and Basic', async () => {
    const emu = await emulator();
    const session = await failure(driver(emu, '', { password: 'wrong-password' }).powerState(call()), 'auth', emu);
    expect(session.message).toContain(`credentials rejected by BMC ${emu.url}`);
    expect(session.message).toContain(SESSIONS);
    expect(session.retryable).toBe(false);
    const basic = await failure(driver(emu, '?auth=basic', { password: 'wrong-password' }).powerState(call()), 'auth', emu);
    expect(basic.message).toContain('no valid session');
    expect(`${session.message}${basic.message}`).not.toContain('wrong-password');
  });

  it('logs in again once when the session expires, then reports auth', async () => {
    const emu = await emulator();
    const d = driver(emu);
    await d.powerState(call());
    emu.expireSessions();
    expect((await d.powerState(call())).state).toBe('off');
    expect(emu.requests.filter((r) => r.path === SESSIONS)).toHaveLength(2);
    emu.expireSessions();
    emu.setFault({ rejectCredentials: true });
    await failure(d.powerState(call()), 'auth', emu);
    expect(emu.requests.filter((r) => r.path === SESSIONS)).toHaveLength(3);
  });

  it('a refused connection is a transport error', async () => {
    const emu = await emulator();
    const d = driver(emu);
    await emu.stop();
    await failure(d.powerState(call()), 'transport', emu);
  });
});

describe('Redfish System discovery', () => {
  it('names every System when several exist and the URL picks none', async () => {
    const emu = await emulator({ systems: [{ id: 'A' }, { id: 'B' }] });
    const err = await driver(emu).powerState(call()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EndpointError);
    expect((err as Error).message).toContain('/redfish/v1/Systems/A, /redfish/v1/Systems/B');
  });

  it('picks a System by systemId or by path', async () => {
    const emu = await emulator({ systems: [{ id: 'A' }, { id: 'B', power: 'On' }] });
    expect((await driver(emu, '?systemId=B').powerState(call())).state).toBe('on');
    expect((await driver(emu, '/redfish/v1/Systems/A').powerState(call())).state).toBe('off');
  });

  it('finds a System listed under another URL than the configured one, by its Id', async () => {
    const emu = await emulator({ systems: [{ id: '1', listedAs: 'System.Embedded.1', power: 'On' }] });
    const d = driver(emu, SYSTEM);
    expect((await d.powerState(call())).state).toBe('on');
    await d.powerOff(call(), 'force');
    expect(emu.requests.at(-1)).toMatchObject({ method: 'POST', path: '/redfish/v1/Systems/System.Embedded.1/Actions/ComputerSystem.Reset' });
  });

  it('an unknown System is a config error listing what exists', async () => {
    const emu = await emulator({ systems: [{ id: 'A' }] });
    const err = await driver(emu, '/redfish/v1/Systems/Z').powerState(call()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EndpointError);
    expect((err as Error).message).toMatch(/no System \/redfish\/v1\/Systems\/Z; its Systems are: \/redfish\/v1\/Systems\/A/);
  });
});

describe('Redfish driver over HTTPS', () => {
  let emu: RedfishEmulator;
  const own: BmcDriver[] = [];
  beforeAll(async () => {
    emu = await startRedfishEmulator({ tls: true, password: PASSWORD });
  });
  afterAll(async () => {
    await Promise.all(own.map((d) => d.close()));
    await emu.stop();
  });
  const httpsDriver = (suffix: string, caFile: string | undefined): BmcDriver => {
    const d = registry.create(registry.parse(`${emu.url}${suffix}`), { credentials: credentials(emu.username, emu.password), caFile });
    own.push(d);
    return d;
  };

  it('verifies the BMC against the given CA bundle', async () => {
    expect(emu.url.startsWith('redfish+https://127.0.0.1:')).toBe(true);
    const d = httpsDriver(SYSTEM, emu.caFile);
    await d.setOneTimePxeBoot(call(), 'uefi');
    await d.powerOn(call());
    expect((await d.powerState(call())).state).toBe('on');
  });

  it('refuses a certificate it cannot verify (transport)', async () => {
    const err = await failure(httpsDriver('', undefined).powerState(call()), 'transport', emu);
    expect(err.message).toMatch(/certificate/i);
  });

  it('skips verification only with insecureSkipVerify=true', async () => {
    const reading = await httpsDriver('?insecureSkipVerify=true', undefined).powerState(call());
    expect(reading.raw).toBe(emu.state('1').powerState);
  });

  it('names an unreadable CA bundle', async () => {
    const err = await failure(httpsDriver('', `${emu.caFile}.missing`).powerState(call()), 'transport', emu);
    expect(err.message).toContain('.missing');
  });
});
