// Relations between fields. Runs on the raw YAML data, not on zod's output, so that these problems
// are reported together with field errors elsewhere (zod gives no output while anything is wrong).
// Values of the wrong type are skipped here: the schema reports them.
import type { IssuePath, PathIssue } from './locate.js';
import { DEFAULT_PROVIDER_ID_PREFIX, normaliseMac, normaliseSystemUUID } from './schema.js';

/** Line of a path in the file, to point from one place to the other in a message. */
export type LineOf = (path: IssuePath) => number;

interface Seen {
  path: IssuePath;
  /** The machine or group that used the value first. */
  owner: string;
}

export function crossCheck(raw: unknown, lineOf: LineOf): PathIssue[] {
  const issues: PathIssue[] = [];
  const racks = new Map<string, Seen>();
  list(get(raw, 'racks')).forEach((rack, i) => {
    const name = text(get(rack, 'name'));
    const path = ['racks', i, 'name'];
    if (name === undefined) return;
    unique(racks, name, { path, owner: name }, (first) =>
      issues.push({ path, message: `duplicate rack name "${name}" (first at line ${lineOf(first.path)})` }),
    );
  });

  const prefix = text(get(raw, 'providerIDPrefix')) ?? DEFAULT_PROVIDER_ID_PREFIX;
  const groups = new Map<string, Seen>();
  const machines = new Map<string, Seen & { group: string }>();
  const providerIDs = new Map<string, Seen>();
  const macs = new Map<string, Seen>();
  const systemUUIDs = new Map<string, Seen>();

  list(get(raw, 'nodeGroups')).forEach((group, g) => {
    const at = (...rest: PropertyKey[]): IssuePath => ['nodeGroups', g, ...rest];
    const id = text(get(group, 'id')) ?? `#${g + 1}`;
    unique(groups, id, { path: at('id'), owner: id }, (first) =>
      issues.push({ path: at('id'), message: `duplicate node group id "${id}" (first at line ${lineOf(first.path)})` }),
    );

    const members = list(get(group, 'machines'));
    const minSize = get(group, 'minSize');
    const maxSize = get(group, 'maxSize');
    if (typeof minSize === 'number' && typeof maxSize === 'number' && minSize > maxSize) {
      issues.push({ path: at('minSize'), message: `minSize ${minSize} is greater than maxSize ${maxSize}` });
    }
    if (typeof maxSize === 'number' && maxSize > members.length) {
      issues.push({ path: at('maxSize'), message: `maxSize ${maxSize} is more than the ${members.length} machines in the group` });
    }

    members.forEach((m, i) => {
      const mAt = (...rest: PropertyKey[]): IssuePath => at('machines', i, ...rest);
      const rack = text(get(m, 'rack'));
      if (rack !== undefined && !racks.has(rack)) {
        const known = racks.size > 0 ? `known racks: ${[...racks.keys()].join(', ')}` : 'no racks are defined';
        issues.push({ path: mAt('rack'), message: `unknown rack "${rack}" (${known})` });
      }
      const name = text(get(m, 'name'));
      if (name === undefined) return;

      const firstMachine = machines.get(name);
      if (firstMachine) {
        const line = lineOf(firstMachine.path);
        issues.push({
          path: mAt('name'),
          message:
            firstMachine.group === id
              ? `duplicate machine name "${name}" (first at line ${line})`
              : `machine ${name} is in groups ${firstMachine.group} (line ${line}) and ${id}`,
        });
        // Its providerID and MACs would only repeat the same finding.
        return;
      }
      machines.set(name, { path: mAt('name'), owner: name, group: id });

      const override = text(get(m, 'providerID'));
      const providerID = override ?? prefix + name;
      const idPath = mAt(override === undefined ? 'name' : 'providerID');
      unique(providerIDs, providerID, { path: idPath, owner: name }, (first) =>
        issues.push({ path: idPath, message: `providerID "${providerID}" is also machine ${first.owner}'s (line ${lineOf(first.path)})` }),
      );

      const macField = get(m, 'mac');
      const macPaths: Array<[unknown, IssuePath]> = Array.isArray(macField)
        ? macField.map((v, k) => [v, mAt('mac', k)])
        : [[macField, mAt('mac')]];
      for (const [value, path] of macPaths) {
        const mac = typeof value === 'string' ? normaliseMac(value) : undefined;
        if (mac === undefined) continue;
        unique(macs, mac, { path, owner: name }, (first) =>
          issues.push({ path, message: `MAC ${mac} is also machine ${first.owner}'s (line ${lineOf(first.path)})` }),
        );
      }

      const uuidText = text(get(m, 'systemUUID'));
      const uuid = uuidText === undefined ? undefined : normaliseSystemUUID(uuidText);
      if (uuid !== undefined) {
        const path = mAt('systemUUID');
        unique(systemUUIDs, uuid, { path, owner: name }, (first) =>
          issues.push({ path, message: `systemUUID ${uuid} is also machine ${first.owner}'s (line ${lineOf(first.path)})` }),
        );
      }
    });
  });
  return issues;
}

function unique(seen: Map<string, Seen>, key: string, here: Seen, duplicate: (first: Seen) => void): void {
  const first = seen.get(key);
  if (first) duplicate(first);
  else seen.set(key, here);
}

function get(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
