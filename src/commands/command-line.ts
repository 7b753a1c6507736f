// What every sub-command shares: where it prints, and turning its arguments into either options, a
// usage message (exit 2) or help (exit 0).

export interface CommandIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

/** Thrown by a command's argument parser for arguments it cannot run with. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * Runs `parse` on argv. Returns its options, or the exit code when the command should not run: 0
 * after printing help, 2 after printing what is wrong and the usage. Other errors propagate.
 */
export function parseCommandLine<T>(command: string, usage: string, argv: string[], io: CommandIo, parse: (argv: string[]) => T | 'help'): T | number {
  let parsed: T | 'help';
  try {
    parsed = parse(argv);
  } catch (err) {
    // node:util parseArgs reports unknown or malformed options with a TypeError carrying a code.
    const fromParseArgs = err instanceof TypeError && typeof (err as { code?: unknown }).code === 'string';
    if (!(err instanceof UsageError) && !fromParseArgs) throw err;
    io.stderr(`rackscaler ${command}: ${err.message}\n${usage}\n`);
    return 2;
  }
  if (parsed === 'help') {
    io.stdout(`${usage}\n`);
    return 0;
  }
  return parsed;
}
