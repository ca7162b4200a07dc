export { createLogger, redactPaths, type Logger, type LoggerSettings } from './logger.js';
export { startTelemetry, telemetryEnabled, type TelemetryHandle } from './otel.js';
