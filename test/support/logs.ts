/** A logger whose records a test can read, to know that a service saw something happen. */
import pino from 'pino';
import type { Logger } from '../../lib/logger';

export interface LogRecord {
  level: number;
  msg: string;
  [field: string]: unknown;
}

export function capturedLog(): { log: Logger; records: LogRecord[] } {
  const records: LogRecord[] = [];
  const log = pino(
    { level: 'info' },
    { write: (line: string) => void records.push(JSON.parse(line) as LogRecord) },
  );
  return { log, records };
}
