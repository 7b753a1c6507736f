// `chassis power status` text → normalised reading. ipmitool prints "Chassis Power is on"; other
// builds and wrappers vary in case and wording ("Chassis power state: ON", "Power is off").
import { BmcError, type PowerReading } from '../types.js';

const PATTERN = /\bpower(?:\s+state)?\s*(?:is|:|=)\s*(on|off)\b/i;

export function parsePowerStatus(stdout: string, endpoint: string): PowerReading {
  const raw = stdout.trim();
  const word = PATTERN.exec(raw)?.[1]?.toLowerCase();
  if (word === 'on' || word === 'off') return { state: word, raw };
  throw new BmcError('protocol', `ipmitool chassis power status on ${endpoint}: cannot read a power state from ${JSON.stringify(raw)}`);
}
