// The emulated BMC's Redfish resources and actions, after auth and fault checks.
import { randomBytes } from 'node:crypto';
import type { Faults } from './faults.js';
import {
  allowedBootTargets, allowedResetTypes, errorBody, resetActionInfo, ROOT, serviceRoot, session, SESSIONS, system,
  SYSTEMS, systemsCollection, task, TASK_MONITORS,
} from './resources.js';
import { BOOT_ENABLED, BOOT_MODES, type BootOverride, type EmulatedSystem } from './system.js';

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

interface Task {
  system: EmulatedSystem;
  resetType: string;
  pollsLeft: number;
}

export class BmcModel {
  readonly sessions = new Map<string, string>(); // token → session id
  /** Every token ever issued, so tests can check none leaks into messages. */
  readonly issuedTokens: string[] = [];
  private readonly tasks = new Map<string, Task>();
  private nextId = 1;

  constructor(
    readonly faults: Faults,
    readonly systems: EmulatedSystem[],
    readonly username: string,
    readonly password: string,
  ) {}

  /** Routes that need no authentication, per the Redfish spec; undefined if `path` is not one. */
  public(method: string, path: string, body: unknown): Reply | undefined {
    if (method === 'GET' && path === '/redfish') return { status: 200, body: { v1: `${ROOT}/` } };
    if (method === 'GET' && path === ROOT) return { status: 200, body: serviceRoot(this.faults) };
    if (method === 'POST' && path === SESSIONS) return this.login(body);
    return undefined;
  }

  checkBasic(user: string, pass: string): boolean {
    return !this.faults.rejectCredentials && user === this.username && pass === this.password;
  }

  handle(method: string, path: string, body: unknown, headers: Record<string, string | undefined>): Reply {
    if (path.startsWith(`${SESSIONS}/`) && !this.faults.noSessionService) return this.sessionResource(method, path);
    if (path === SYSTEMS) return method === 'GET' ? { status: 200, body: systemsCollection(this.systems) } : notAllowed();
    if (path.startsWith(`${TASK_MONITORS}/`) && method === 'GET') return this.pollTask(path.slice(TASK_MONITORS.length + 1));
    for (const s of this.systems) {
      if (path === s.path) {
        if (method === 'GET') return { status: 200, body: system(s, this.faults), headers: { ETag: s.etag } };
        if (method === 'PATCH') return this.patchSystem(s, body, headers['if-match']);
        return notAllowed();
      }
      if (path === `${s.path}/ResetActionInfo` && this.faults.actionInfo && method === 'GET') {
        return { status: 200, body: resetActionInfo(s, this.faults) };
      }
      if (path === `${s.path}/Actions/ComputerSystem.Reset`) return method === 'POST' ? this.resetAction(s, body) : notAllowed();
    }
    return { status: 404, body: errorBody('ResourceMissingAtURI', `The resource at the URI ${path} was not found.`) };
  }

  private login(body: unknown): Reply {
    if (this.faults.noSessionService) return { status: 404, body: errorBody('ResourceMissingAtURI', `The resource at the URI ${SESSIONS} was not found.`) };
    const { UserName, Password } = (body ?? {}) as { UserName?: unknown; Password?: unknown };
    if (typeof UserName !== 'string' || typeof Password !== 'string' || !this.checkBasic(UserName, Password)) {
      return { status: 401, body: errorBody('ResourceAtUriUnauthorized', `While accessing the resource at ${SESSIONS}, the service received an authorization error.`) };
    }
    const id = String(this.nextId++);
    const token = randomBytes(16).toString('hex');
    this.sessions.set(token, id);
    this.issuedTokens.push(token);
    return { status: 201, body: session(id, UserName), headers: { 'X-Auth-Token': token, Location: `${SESSIONS}/${id}` } };
  }

  private sessionResource(method: string, path: string): Reply {
    const id = path.slice(SESSIONS.length + 1);
    const token = [...this.sessions].find(([, sid]) => sid === id)?.[0];
    if (token === undefined) return { status: 404, body: errorBody('ResourceMissingAtURI', `The resource at the URI ${path} was not found.`) };
    if (method === 'GET') return { status: 200, body: session(id, this.username) };
    if (method !== 'DELETE') return notAllowed();
    this.sessions.delete(token);
    return { status: 204 };
  }

  private patchSystem(s: EmulatedSystem, body: unknown, ifMatch: string | undefined): Reply {
    if (this.faults.etagConflicts > 0) {
      this.faults.etagConflicts--;
      s.bump();
      return preconditionFailed(s);
    }
    if ((ifMatch !== undefined || this.faults.requireEtag) && ifMatch !== s.etag) return preconditionFailed(s);
    const boot = (body as { Boot?: unknown } | undefined)?.Boot;
    if (typeof boot !== 'object' || boot === null || Object.keys(body as object).length !== 1) {
      return badRequest('PropertyUnknown', 'Only the Boot property can be patched on this System.');
    }
    const allowed: Record<keyof BootOverride, string[]> = {
      BootSourceOverrideTarget: allowedBootTargets(this.faults),
      BootSourceOverrideEnabled: BOOT_ENABLED,
      BootSourceOverrideMode: BOOT_MODES,
    };
    for (const [key, value] of Object.entries(boot)) {
      const values = allowed[key as keyof BootOverride] as string[] | undefined;
      if (!values) return badRequest('PropertyUnknown', `The property ${key} is not in the list of valid properties for the resource.`);
      if (typeof value !== 'string' || !values.includes(value)) {
        return badRequest('PropertyValueNotInList', `The value ${JSON.stringify(value)} for the property ${key} is not in the list of acceptable values.`);
      }
    }
    s.patchBoot(boot as Partial<BootOverride>);
    return { status: 204 };
  }

  private resetAction(s: EmulatedSystem, body: unknown): Reply {
    const type = (body as { ResetType?: unknown } | undefined)?.ResetType;
    if (typeof type !== 'string') return badRequest('ActionParameterMissing', 'The action ComputerSystem.Reset requires the parameter ResetType to be present in the request body.');
    if (!allowedResetTypes(this.faults).includes(type)) {
      return badRequest('ActionParameterNotSupported', `The parameter ResetType for the action ComputerSystem.Reset is not supported on the target resource.`);
    }
    const t = this.faults.resetTask;
    if (t === undefined) {
      s.reset(type, this.faults.powerTransitionMs);
      return { status: 204 };
    }
    const id = String(this.nextId++);
    this.tasks.set(id, { system: s, resetType: type, pollsLeft: t.polls });
    return {
      status: 202,
      body: task(id, 'Running', 'OK', 'The task is running.'),
      headers: { Location: `${TASK_MONITORS}/${id}`, 'Retry-After': String(t.retryAfterSeconds) },
    };
  }

  private pollTask(id: string): Reply {
    const t = this.tasks.get(id);
    const fault = this.faults.resetTask;
    if (!t) return { status: 404, body: errorBody('ResourceMissingAtURI', `The task monitor ${id} was not found.`) };
    if (t.pollsLeft > 0) {
      t.pollsLeft--;
      return { status: 202, body: task(id, 'Running', 'OK', 'The task is running.'), headers: { 'Retry-After': String(fault?.retryAfterSeconds ?? 1) } };
    }
    this.tasks.delete(id);
    if (fault?.outcome === 'Exception') return { status: 200, body: task(id, 'Exception', 'Critical', 'Reset failed: power supply fault.') };
    t.system.reset(t.resetType, this.faults.powerTransitionMs);
    return { status: 200, body: task(id, 'Completed', 'OK', 'The task completed successfully.') };
  }
}

function notAllowed(): Reply {
  return { status: 405, body: errorBody('OperationNotAllowed', 'The HTTP method is not allowed on this resource.') };
}

function badRequest(id: string, message: string): Reply {
  return { status: 400, body: errorBody(id, message) };
}

function preconditionFailed(s: EmulatedSystem): Reply {
  return { status: 412, body: errorBody('PreconditionFailed', `The ETag supplied did not match the ETag required to change ${s.path}.`), headers: { ETag: s.etag } };
}
