// Redfish PowerState → normalised reading. BMCs vary in case and whitespace ("on", " Off ").
import type { PowerReading } from '../types.js';

const STATES: Record<string, PowerReading['state']> = {
  on: 'on',
  off: 'off',
  poweringon: 'powering-on',
  poweringoff: 'powering-off',
};

export function normalisePowerState(value: unknown): PowerReading {
  const raw = typeof value === 'string' ? value : value === undefined ? '<absent>' : JSON.stringify(value);
  const key = typeof value === 'string' ? value.trim().toLowerCase().replace(/[\s_-]/g, '') : '';
  return { state: STATES[key] ?? 'unknown', raw };
}
