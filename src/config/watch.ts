// Re-reads the config file when it changes (or on demand, e.g. SIGHUP). A good file is handed to
// onConfig; a bad one is logged with every issue and otherwise ignored, so the last good config stays.
import { watch, type FSWatcher } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Logger } from 'pino';
import type { DriverRegistry } from '../../providers/registry.js';
import { ConfigError } from './config-error.js';
import { compileConfig, readConfigText } from './load.js';
import type { Config } from './types.js';

/** Editors write in bursts (truncate, write, rename); one reload after the burst is enough. */
const DEBOUNCE_MS = 200;

export class ConfigWatcher {
  private readonly file: string;
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** Reloads run one at a time, in order, so an older read never wins over a newer one. */
  private queue: Promise<unknown> = Promise.resolve();
  /** Text of the last load attempt, good or bad: unchanged text is not reloaded on file events. */
  private lastText: string | undefined;

  constructor(
    path: string,
    private readonly registry: DriverRegistry,
    private readonly logger: Logger,
    private readonly onConfig: (cfg: Config) => void,
  ) {
    this.file = resolve(path);
  }

  /**
   * Loads the file and starts watching it. Resolves with the initial config (onConfig is for later
   * ones); rejects with a ConfigError when the file is bad, since there is no last good config yet.
   */
  async start(): Promise<Config> {
    const { text } = await readConfigText(this.file);
    const config = compileConfig(text, this.file, this.registry);
    this.lastText = text;
    // The directory, not the file: editors and Kubernetes volumes replace the file by rename, which
    // would leave a watch on the old inode silent.
    this.watcher = watch(dirname(this.file), { persistent: false }, () => this.schedule());
    this.watcher.on('error', (err) => this.logger.error({ err, file: this.file }, 'config watch failed; reload with SIGHUP'));
    return config;
  }

  /** Re-reads the file now, even if unchanged. Resolves true when onConfig got a new config. */
  reload(reason: string): Promise<boolean> {
    return this.enqueue(reason, true);
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.watcher?.close();
    this.watcher = undefined;
    await this.queue;
  }

  private schedule(): void {
    if (!this.watcher) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.enqueue('file changed', false), DEBOUNCE_MS);
  }

  private enqueue(reason: string, force: boolean): Promise<boolean> {
    const run = this.queue.then(() => this.load(reason, force));
    this.queue = run;
    return run;
  }

  private async load(reason: string, force: boolean): Promise<boolean> {
    let config: Config;
    try {
      const { text } = await readConfigText(this.file);
      if (!force && text === this.lastText) return false;
      this.lastText = text;
      config = compileConfig(text, this.file, this.registry);
    } catch (err) {
      const issues = err instanceof ConfigError ? err.issues : undefined;
      this.logger.error({ file: this.file, reason, issues, err }, 'config reload failed; keeping the last good config');
      return false;
    }
    this.logger.info({ file: this.file, reason }, 'config reloaded');
    try {
      this.onConfig(config);
    } catch (err) {
      this.logger.error({ file: this.file, err }, 'applying the reloaded config failed');
    }
    return true;
  }
}
