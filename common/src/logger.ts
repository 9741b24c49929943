import winston from 'winston';
import { currentContext } from './context.js';

// Adds the trace id of the current request (if any) to every log line.
const traceFormat = winston.format((info) => {
  const context = currentContext();
  if (context) info.traceId = context.traceId;
  return info;
});

export type Logger = winston.Logger;

export function createLogger(service: string, level = 'info'): Logger {
  return winston.createLogger({
    level,
    defaultMeta: { service },
    format: winston.format.combine(traceFormat(), winston.format.timestamp(), winston.format.errors({ stack: true }), winston.format.json()),
    transports: [new winston.transports.Console()],
  });
}
