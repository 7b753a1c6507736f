// Maps a path in the parsed YAML (as zod and the cross-checks report it) to a line, a column and a
// readable field name.
import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import type { ConfigIssue } from './config-error.js';

export type IssuePath = readonly PropertyKey[];

/** A problem before it is placed in the file. */
export interface PathIssue {
  path: IssuePath;
  message: string;
  /** Point at the key of the last path element (e.g. an unknown or badly named key), not its value. */
  atKey?: boolean;
}

export class SourceLocator {
  constructor(
    private readonly file: string,
    private readonly doc: Document,
    private readonly lines: LineCounter,
    private readonly raw: unknown,
  ) {}

  issue(p: PathIssue): ConfigIssue {
    const { node, complete } = this.walk(p.path, p.atKey ?? false);
    const offset = node?.range?.[0] ?? 0;
    const message = complete || p.atKey ? p.message : `missing required field "${String(p.path[p.path.length - 1])}"`;
    return { file: this.file, ...lineAndColumn(this.lines, offset), field: this.fieldName(p.path), message };
  }

  /** Whether the path exists in the data: a path to something absent is a missing required field. */
  private walk(path: IssuePath, atKey: boolean): { node: Node | undefined; complete: boolean } {
    let node = this.resolve(this.doc.contents);
    for (const [i, key] of path.entries()) {
      const last = i === path.length - 1;
      if (isMap(node)) {
        const pair = node.items.find((it) => isScalar(it.key) && String(it.key.value) === String(key));
        if (!pair) return { node, complete: false };
        if (last && atKey && isScalar(pair.key)) return { node: pair.key, complete: true };
        // A key with no value ("bmc:") has no value node; point at the key.
        node = this.resolve(pair.value) ?? (isScalar(pair.key) ? pair.key : node);
      } else if (isSeq(node) && typeof key === 'number') {
        const item = this.resolve(node.items[key]);
        if (!item) return { node, complete: false };
        node = item;
      } else {
        // A scalar where the schema wraps it (e.g. a single MAC as a list): the scalar is the place.
        return { node, complete: true };
      }
    }
    return { node, complete: true };
  }

  private resolve(value: unknown): Node | undefined {
    const node = isAlias(value) ? value.resolve(this.doc) : value;
    return node && typeof node === 'object' && 'range' in node ? (node as Node) : undefined;
  }

  /** nodeGroups[cpu-large].machines[r650-01].bmc: list items are named by their name or id. */
  private fieldName(path: IssuePath): string {
    let out = '';
    let value: unknown = this.raw;
    for (const key of path) {
      if (Array.isArray(value) && typeof key === 'number') {
        const item: unknown = value[key];
        out += `[${itemName(item) ?? key}]`;
        value = item;
      } else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        const name = String(key);
        out += /^[A-Za-z0-9_-]+$/.test(name) ? `${out === '' ? '' : '.'}${name}` : `[${name}]`;
        value = (value as Record<string, unknown>)[name];
      } else {
        break;
      }
    }
    return out;
  }
}

/** 1-based line and column of a character offset. */
export function lineAndColumn(lines: LineCounter, offset: number): { line: number; column: number } {
  const { line, col } = lines.linePos(offset);
  // linePos says line 0 before the first newline it has seen.
  return { line: Math.max(line, 1), column: Math.max(col, 1) };
}

function itemName(item: unknown): string | undefined {
  if (item === null || typeof item !== 'object') return undefined;
  const { name, id } = item as { name?: unknown; id?: unknown };
  const named = typeof name === 'string' ? name : typeof id === 'string' ? id : undefined;
  // Keep the path readable and unambiguous: odd names fall back to the index.
  return named !== undefined && /^[A-Za-z0-9._-]+$/.test(named) ? named : undefined;
}
