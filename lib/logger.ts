import pino from 'pino';

export type Logger = pino.Logger;

/** JSON lines to stdout, or to `destination` (tests read what a service logs). */
export function createLogger(
  service: string,
  level: string,
  destination?: pino.DestinationStream,
): Logger {
  return pino({ level, base: { service }, timestamp: pino.stdTimeFunctions.isoTime }, destination);
}
