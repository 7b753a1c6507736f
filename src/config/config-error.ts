// Everything wrong with a config file, each problem at its file, line, column and field.

export interface ConfigIssue {
  file: string;
  /** 1-based; 0 when the problem is the file as a whole (e.g. unreadable). */
  line: number;
  column: number;
  /** Dotted path with names where possible, e.g. nodeGroups[cpu-large].machines[r650-01].bmc; "" for the whole document. */
  field: string;
  message: string;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly issues: ConfigIssue[];

  constructor(issues: ConfigIssue[], options?: { cause?: unknown }) {
    super(issues.map(formatIssue).join('\n'), options);
    this.issues = issues;
  }
}

/** FILE:LINE:COL: FIELD: MESSAGE, leaving out the parts an issue does not have. */
export function formatIssue(issue: ConfigIssue): string {
  const where = issue.line > 0 ? `${issue.file}:${issue.line}:${issue.column}` : issue.file;
  return issue.field === '' ? `${where}: ${issue.message}` : `${where}: ${issue.field}: ${issue.message}`;
}
