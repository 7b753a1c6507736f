import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { ConfigError } from '../src/config/load.js';
import type { Config } from '../src/config/types.js';
import { ConfigWatcher } from '../src/config/watch.js';
import { testRegistry } from './fixtures/config/registry.js';

/** A two-machine group; minSize is what the edits change. */
function configText(minSize: number): string {
  return [
    'racks: [{ name: r1 }]',
    'nodeGroups:',
    '  - id: g1',
    `    minSize: ${minSize}`,
    '    maxSize: 2',
    '    template: { capacity: { cpu: "4", memory: 8Gi, pods: "110" } }',
    '    machines:',
    '      - { name: m1, rack: r1, bmc: "sim://m1", mac: "02:00:00:00:00:01" }',
    '      - { name: m2, rack: r1, bmc: "sim://m2", mac: "02:00:00:00:00:02" }',
  ].join('\n');
}

/** Items as they arrive; `until` resolves with the first one matching. */
class Arrivals<T> {
  readonly items: T[] = [];
  private waiters: Array<{ match: (item: T) => boolean; resolve: (item: T) => void }> = [];

  push(item: T): void {
    this.items.push(item);
    this.waiters = this.waiters.filter((w) => (w.match(item) ? (w.resolve(item), false) : true));
  }

  until(match: (item: T) => boolean): Promise<T> {
    const found = this.items.find(match);
    return found !== undefined ? Promise.resolve(found) : new Promise((resolve) => this.waiters.push({ match, resolve }));
  }
}

interface LogEntry {
  level: number;
  msg: string;
  issues?: Array<{ line: number; field: string; message: string }>;
}

let dir: string;
let file: string;
let watcher: ConfigWatcher | undefined;
const configs = new Arrivals<Config>();
const errors = new Arrivals<LogEntry>();

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rackscaler-watch-'));
  file = join(dir, 'rackscaler.yaml');
  configs.items.length = 0;
  errors.items.length = 0;
});
afterEach(async () => {
  await watcher?.stop();
  watcher = undefined;
  await rm(dir, { recursive: true, force: true });
});

function newWatcher(): ConfigWatcher {
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        const entry = JSON.parse(line) as LogEntry;
        if (entry.level >= 50) errors.push(entry);
      }
      done();
    },
  });
  return new ConfigWatcher(file, testRegistry(), pino({ level: 'info' }, sink), (cfg) => configs.push(cfg));
}

const minSizeOf = (cfg: Config | undefined) => cfg?.nodeGroups[0]?.minSize;

async function replace(text: string): Promise<void> {
  await writeFile(join(dir, 'next.tmp'), text);
  await rename(join(dir, 'next.tmp'), file);
}

test('edit → callback; bad edit → logged, no callback; good edit after → callback', async () => {
  await writeFile(file, configText(0));
  watcher = newWatcher();
  expect(minSizeOf(await watcher.start())).toBe(0);

  // An in-place rewrite.
  await writeFile(file, configText(1));
  await configs.until((c) => minSizeOf(c) === 1);

  // Replace by rename, as editors and Kubernetes volumes do.
  await replace(configText(5));
  const logged = await errors.until((e) => e.issues?.some((i) => i.field === 'nodeGroups[g1].minSize') === true);
  expect(logged.msg).toBe('config reload failed; keeping the last good config');
  expect(logged.issues).toEqual([
    expect.objectContaining({ line: 4, field: 'nodeGroups[g1].minSize', message: 'minSize 5 is greater than maxSize 2' }),
  ]);

  await replace(configText(2));
  await configs.until((c) => minSizeOf(c) === 2);
  // The bad file never reached the callback.
  expect(configs.items.map(minSizeOf)).toEqual([1, 2]);

  // An explicit reload (SIGHUP) delivers even an unchanged file.
  expect(await watcher.reload('SIGHUP')).toBe(true);
  expect(configs.items.map(minSizeOf)).toEqual([1, 2, 2]);
});

test('a bad file at start is a ConfigError and nothing is watched', async () => {
  await writeFile(file, configText(5));
  watcher = newWatcher();
  await expect(watcher.start()).rejects.toThrow(ConfigError);
  await expect(watcher.start()).rejects.toThrow(`${file}:4:14: nodeGroups[g1].minSize: minSize 5 is greater than maxSize 2`);
});

test('a reload of a file that became unreadable keeps the last good config', async () => {
  await writeFile(file, configText(0));
  watcher = newWatcher();
  await watcher.start();
  await rm(file);
  expect(await watcher.reload('SIGHUP')).toBe(false);
  const logged = await errors.until(() => true);
  expect(logged.issues).toEqual([expect.objectContaining({ line: 0, message: 'cannot read the config file (ENOENT)' })]);
  expect(configs.items).toEqual([]);
});
