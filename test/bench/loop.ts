// `npm run bench`: Cluster Autoscaler's loop against a large simulated fleet over real gRPC on
// loopback. Prints the tables and writes them to BENCHMARKS.md (see that file for what they mean).
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { packageFile } from '../../src/package-root.js';
import { ANALYSIS_HEADING, renderBenchmarks } from './report.js';
import { benchScale, type Mode, type RunOptions, type Scale, type ScaleResult } from './run-scale.js';

const SCALES: Scale[] = [
  { label: '1,000 machines / 500 Nodes / 10 groups', shape: { groups: 10, machinesPerGroup: 100, registeredNodes: 500, machinesPerRack: 50 } },
  { label: '10,000 machines / 5,000 Nodes / 100 groups', shape: { groups: 100, machinesPerGroup: 100, registeredNodes: 5_000, machinesPerRack: 50 } },
];

const MODES: Mode[] = [
  { label: 'sequential', concurrency: 1 },
  { label: '8 in flight', concurrency: 8 },
];

const { values } = parseArgs({
  options: {
    loops: { type: 'string', default: '20' },
    warmups: { type: 'string', default: '3' },
    'mode-seconds': { type: 'string', default: '15' },
    'cpu-prof': { type: 'string' },
    'no-write': { type: 'boolean', default: false },
  },
  strict: true,
});

function count(flag: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`--${flag} must be a positive integer, got ${JSON.stringify(text)}`);
  return n;
}

// Budgets keep the whole run near 3 minutes on a small machine: a mode stops after `mode-seconds` once
// 3 loops ran, so a slow fleet gets fewer loops, never a shorter one.
const options: RunOptions = {
  warmups: count('warmups', values.warmups),
  warmupSeconds: 10,
  loops: count('loops', values.loops),
  modeSeconds: count('mode-seconds', values['mode-seconds']),
  minLoops: 3,
  healthChecks: 500,
  idleSeconds: 5,
  ...(values['cpu-prof'] ? { cpuProfDir: resolve(values['cpu-prof']) } : {}),
  log: (line) => void process.stderr.write(`${line}\n`),
};
const results: ScaleResult[] = [];
for (const scale of SCALES) results.push(await benchScale(scale, MODES, options));
const report = renderBenchmarks({ date: new Date().toISOString().slice(0, 10), options, results });
process.stdout.write(report);
if (!values['no-write']) {
  const out = packageFile('BENCHMARKS.md');
  await writeFile(out, report + (await keptAnalysis(out)));
  process.stderr.write(`written to ${out}\n`);
}

/** The hand-written "## Analysis" section of the previous file, kept across runs. */
async function keptAnalysis(path: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw new Error(`cannot read ${path}: ${(err as Error).message}`, { cause: err });
  }
  const start = text.indexOf(`\n${ANALYSIS_HEADING}\n`);
  return start < 0 ? '' : `\n${text.slice(start + 1).trimEnd()}\n`;
}
