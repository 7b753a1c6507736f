// failNext(): answer the next N requests that match with an error Status instead of serving them.
import { failure, reasonFor, type StatusBody } from './status.js';

export interface RequestMatcher {
  method?: string;
  /** Exact URL path (no query), or a pattern tested against it. */
  path?: string | RegExp;
  /** Only watch requests (true) or only non-watch requests (false). */
  watch?: boolean;
}

interface Fault {
  match: RequestMatcher;
  code: number;
  remaining: number;
}

export class Faults {
  private readonly pending: Fault[] = [];

  add(match: RequestMatcher, code: number, times: number): void {
    this.pending.push({ match, code, remaining: times });
  }

  /** The Status to answer with, consuming one use of the first matching fault. */
  take(method: string, path: string, watch: boolean): StatusBody | undefined {
    const f = this.pending.find((x) => matches(x.match, method, path, watch));
    if (!f) return undefined;
    if (--f.remaining === 0) this.pending.splice(this.pending.indexOf(f), 1);
    return failure(f.code, `injected fault: ${reasonFor(f.code)} for ${method} ${path}`);
  }
}

function matches(m: RequestMatcher, method: string, path: string, watch: boolean): boolean {
  if (m.method !== undefined && m.method.toUpperCase() !== method) return false;
  if (m.watch !== undefined && m.watch !== watch) return false;
  if (typeof m.path === 'string') return m.path === path;
  return m.path === undefined || m.path.test(path);
}
