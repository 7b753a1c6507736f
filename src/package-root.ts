// The installed package's root (where proto/ and deploy/ live), found from this module whether it runs
// from source (src/…) or from the build (dist/src/…).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

export function packageRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'proto', 'externalgrpc.proto'))) return (root = dir);
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the rackscaler package root (the directory with proto/)');
    dir = parent;
  }
}

export function packageFile(...parts: string[]): string {
  return join(packageRoot(), ...parts);
}
