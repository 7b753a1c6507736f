// What ipmitool's stderr means. Texts are ipmitool 1.8's (run with -v, which names the RMCP+ step
// that failed: without it a wrong password and a dead BMC both read "Unable to establish ... session").
import type { BmcErrorKind } from '../types.js';

interface Rule {
  kind: BmcErrorKind;
  pattern: RegExp;
  /** Appended to the message: what the operator can do. */
  hint?: string;
}

// First match wins: an auth or privilege refusal is what the operator must act on.
const RULES: readonly Rule[] = [
  { kind: 'auth', pattern: /RAKP \d .*(HMAC is invalid|unauthorized name|invalid|unauthori[sz]ed)/i, hint: 'check user name and password' },
  { kind: 'auth', pattern: /unauthori[sz]ed (role|name)|invalid user name|invalid password|password is too long/i, hint: 'check user name and password' },
  { kind: 'auth', pattern: /insufficient privilege|privilege level exceeds|requested privilege/i, hint: 'the user lacks the privilege; check the privilege option and the BMC user' },
  // IPMI 1.5: the BMC answered Get Auth Capabilities, then refused (or ignored) the session activation.
  { kind: 'auth', pattern: /Activate Session (command failed|error)/i, hint: 'check user name and password' },
  { kind: 'unsupported', pattern: /invalid (authentication|integrity|confidentiality) algorithm|no matching cipher suite/i, hint: 'the BMC does not offer this cipher suite; set the cipherSuite option' },
  { kind: 'busy', pattern: /node busy|insufficient resources|out of space|temporarily unavailable/i },
  { kind: 'transport', pattern: /address lookup .* failed|could not open socket|network is unreachable|connection refused/i },
  { kind: 'timeout', pattern: /no response from remote controller|get (channel )?auth(entication)? capabilities (error|command failed)|timeout/i },
];

export interface Classified {
  kind: BmcErrorKind;
  hint: string | undefined;
}

export function classifyFailure(stderr: string): Classified {
  for (const rule of RULES) if (rule.pattern.test(stderr)) return { kind: rule.kind, hint: rule.hint };
  return { kind: 'protocol', hint: undefined };
}

// Lines ipmitool -v prints on every run, failed or not; they would only confuse the classification and the message.
const NOISE = [
  /^Loading IANA PEN Registry/,
  /^Running Get VSO Capabilities/,
  /^Discovered IPMB address/,
  /^Get HPM\.x Capabilities request failed/,
];

/** stderr without -v chatter, trimmed, at most the last `maxLines` lines. */
export function meaningfulStderr(stderr: string, maxLines = 6): string {
  const lines = stderr.split('\n').map((l) => l.trim());
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line === '' || NOISE.some((n) => n.test(line))) continue;
    // The VSO probe's refusal is part of the same chatter.
    if (/^Invalid completion code received/.test(line) && /^Running Get VSO/.test(lines[i - 1] ?? '')) continue;
    kept.push(line);
  }
  return kept.slice(-maxLines).join('; ');
}
