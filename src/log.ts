import pino, { type Logger } from 'pino';

export type LogFormat = 'text' | 'json';
export type { Logger };

/**
 * One root logger; every component logs through `logger.child({ component })`. On Talos the
 * output is the operator's only window (`talosctl logs ext-frr`): by default one readable line
 * per event, "time LEVEL component: message key=value"; JSON lines with LOG_FORMAT=json.
 * Writes are synchronous, so nothing logged just before an exit is lost.
 */
export function createLogger(format: LogFormat, write: (line: string) => void): Logger {
  const destination = { write: format === 'json' ? write : (json: string) => write(textLine(json)) };
  return pino({ base: undefined, timestamp: pino.stdTimeFunctions.isoTime, formatters: { level: (label) => ({ level: label }) } }, destination);
}

const hidden = new Set(['time', 'level', 'component', 'msg']);

function textLine(json: string): string {
  const record = JSON.parse(json) as Record<string, unknown>;
  const extras = Object.entries(record)
    .filter(([key]) => !hidden.has(key))
    .map(([key, value]) => `${key}=${typeof value === 'string' && !/\s/.test(value) ? value : JSON.stringify(value)}`);
  const level = String(record.level ?? 'info')
    .toUpperCase()
    .padEnd(5);
  return `${String(record.time)} ${level} ${String(record.component ?? 'supervisor')}: ${String(record.msg ?? '')}${extras.length ? ` ${extras.join(' ')}` : ''}\n`;
}
