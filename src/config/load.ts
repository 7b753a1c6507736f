// YAML text → Config, or a ConfigError listing every problem at its file:line:column and field.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import type { DriverRegistry } from '../../providers/registry.js';
import { ConfigError, type ConfigIssue } from './config-error.js';
import { crossCheck } from './cross-check.js';
import { lineAndColumn, SourceLocator, type PathIssue } from './locate.js';
import { configFileSchema } from './schema.js';
import { toConfig } from './to-config.js';
import type { Config } from './types.js';

export { ConfigError, type ConfigIssue } from './config-error.js';

/** `source` names the text in messages and becomes Config.source. */
export function compileConfig(text: string, source: string, registry: DriverRegistry): Config {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const at = (offset: number) => ({ file: source, ...lineAndColumn(lines, offset) });
  if (doc.errors.length > 0) {
    throw new ConfigError(doc.errors.map((e) => ({ ...at(e.pos[0]), field: '', message: `YAML: ${oneLine(e.message)}` })));
  }
  let raw: unknown;
  try {
    raw = doc.toJS();
  } catch (err) {
    throw new ConfigError([{ ...at(0), field: '', message: `YAML: ${oneLine((err as Error).message)}` }], { cause: err });
  }
  const locator = new SourceLocator(source, doc, lines, raw);
  const parsed = configFileSchema(registry).safeParse(raw);
  const problems: PathIssue[] = parsed.success ? [] : parsed.error.issues.flatMap(fromZod);
  problems.push(...crossCheck(raw, (path) => locator.issue({ path, message: '' }).line));
  if (!parsed.success || problems.length > 0) throw new ConfigError(sorted(problems.map((p) => locator.issue(p))));
  return toConfig(parsed.data, source);
}

export async function loadConfigFile(path: string, registry: DriverRegistry): Promise<Config> {
  const { file, text } = await readConfigText(path);
  return compileConfig(text, file, registry);
}

/** The file's absolute path and text; a ConfigError naming the file when it cannot be read. */
export async function readConfigText(path: string): Promise<{ file: string; text: string }> {
  const file = resolve(path);
  try {
    return { file, text: await readFile(file, 'utf8') };
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new ConfigError([{ file, line: 0, column: 0, field: '', message: `cannot read the config file (${reason})` }], { cause: err });
  }
}

function fromZod(issue: z.core.$ZodIssue): PathIssue[] {
  const path = issue.path;
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({ path: [...path, key], message: `unknown field "${key}"`, atKey: true }));
    case 'invalid_key':
      return [{ path, message: issue.issues.map((i) => i.message).join('; '), atKey: true }];
    default:
      return [{ path, message: issue.message }];
  }
}

function sorted(issues: ConfigIssue[]): ConfigIssue[] {
  return issues.sort((a, b) => a.line - b.line || a.column - b.column);
}

function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, ' ').trim();
}
