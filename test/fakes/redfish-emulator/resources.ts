// DMTF Redfish resource bodies (schema shapes as in DMTF's published mockups; our own values).
import type { Faults } from './faults.js';
import { BOOT_MODES, BOOT_TARGETS, RESET_TYPES, type EmulatedSystem } from './system.js';

export const ROOT = '/redfish/v1';
export const SESSIONS = `${ROOT}/SessionService/Sessions`;
export const SYSTEMS = `${ROOT}/Systems`;
export const TASK_MONITORS = `${ROOT}/TaskService/TaskMonitors`;

type Json = Record<string, unknown>;

export function serviceRoot(faults: Faults): Json {
  const root: Json = {
    '@odata.id': `${ROOT}/`,
    '@odata.type': '#ServiceRoot.v1_15_0.ServiceRoot',
    Id: 'RootService',
    Name: 'Root Service',
    RedfishVersion: '1.17.0',
    UUID: '92384634-2938-2342-8820-489239905423',
    Systems: { '@odata.id': SYSTEMS },
    Links: {},
  };
  if (!faults.noSessionService) {
    root['SessionService'] = { '@odata.id': `${ROOT}/SessionService` };
    root['Links'] = { Sessions: { '@odata.id': SESSIONS } };
  }
  return root;
}

export function systemsCollection(systems: readonly EmulatedSystem[]): Json {
  return {
    '@odata.id': SYSTEMS,
    '@odata.type': '#ComputerSystemCollection.ComputerSystemCollection',
    Name: 'Computer System Collection',
    'Members@odata.count': systems.length,
    Members: systems.map((s) => ({ '@odata.id': s.path })),
  };
}

export function allowedResetTypes(faults: Faults): string[] {
  return RESET_TYPES.filter((t) => !(faults.disallowGracefulShutdown && t === 'GracefulShutdown'));
}

export function allowedBootTargets(faults: Faults): string[] {
  return BOOT_TARGETS.filter((t) => !(faults.noPxe && t === 'Pxe'));
}

export function system(s: EmulatedSystem, faults: Faults): Json {
  const reset: Json = { target: `${s.path}/Actions/ComputerSystem.Reset` };
  if (faults.actionInfo) reset['@Redfish.ActionInfo'] = `${s.path}/ResetActionInfo`;
  else reset['ResetType@Redfish.AllowableValues'] = allowedResetTypes(faults);
  return {
    '@odata.id': s.path,
    '@odata.type': '#ComputerSystem.v1_20_0.ComputerSystem',
    '@odata.etag': s.etag,
    Id: s.id,
    Name: `System ${s.id}`,
    SystemType: 'Physical',
    PowerState: faults.powerStateText ?? s.powerState(),
    Boot: {
      ...s.boot,
      'BootSourceOverrideTarget@Redfish.AllowableValues': allowedBootTargets(faults),
      'BootSourceOverrideMode@Redfish.AllowableValues': BOOT_MODES,
    },
    Actions: { '#ComputerSystem.Reset': reset },
  };
}

export function resetActionInfo(s: EmulatedSystem, faults: Faults): Json {
  return {
    '@odata.id': `${s.path}/ResetActionInfo`,
    '@odata.type': '#ActionInfo.v1_3_0.ActionInfo',
    Id: 'ResetActionInfo',
    Name: 'Reset Action Info',
    Parameters: [{ Name: 'ResetType', Required: true, DataType: 'String', AllowableValues: allowedResetTypes(faults) }],
  };
}

export function session(id: string, username: string): Json {
  return { '@odata.id': `${SESSIONS}/${id}`, '@odata.type': '#Session.v1_7_0.Session', Id: id, Name: `User Session ${id}`, UserName: username };
}

export function task(id: string, state: string, status: string, message: string): Json {
  return {
    '@odata.id': `${ROOT}/TaskService/Tasks/${id}`,
    '@odata.type': '#Task.v1_7_0.Task',
    Id: id,
    Name: `Task ${id}`,
    TaskState: state,
    TaskStatus: status,
    Messages: [{ MessageId: 'Base.1.16.Success', Message: message }],
  };
}

/** The Redfish error response shape. */
export function errorBody(messageId: string, message: string): Json {
  return {
    error: {
      code: `Base.1.16.${messageId}`,
      message: 'A general error has occurred. See ExtendedInfo for more information.',
      '@Message.ExtendedInfo': [{ '@odata.type': '#Message.v1_1_2.Message', MessageId: `Base.1.16.${messageId}`, Message: message, Severity: 'Critical' }],
    },
  };
}
