import { register } from 'node:module';

export interface TelemetryHandle {
  enabled: boolean;
  shutdown(): Promise<void>;
}

/** Tracing is off unless an exporter is configured through the standard OTEL_* variables. */
export function telemetryEnabled(source: NodeJS.ProcessEnv = process.env): boolean {
  if (source.OTEL_SDK_DISABLED === 'true') return false;
  const exporter = source.OTEL_TRACES_EXPORTER;
  if (exporter && exporter !== 'none') return true;
  return Boolean(source.OTEL_EXPORTER_OTLP_ENDPOINT || source.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

/**
 * Starts the OpenTelemetry SDK with the http, express, pg and amqplib
 * instrumentations. Call it before anything imports those modules: services
 * do it in the first line of `main.ts`. ESM modules can only be patched
 * through a loader hook, so the hook is registered first; the SDK is imported
 * lazily so a service without an exporter pays nothing.
 */
export async function startTelemetry(service: string, source: NodeJS.ProcessEnv = process.env): Promise<TelemetryHandle> {
  if (!telemetryEnabled(source)) return { enabled: false, shutdown: async () => {} };
  register('@opentelemetry/instrumentation/hook.mjs', import.meta.url);
  const [{ NodeSDK }, { getNodeAutoInstrumentations }] = await Promise.all([
    import('@opentelemetry/sdk-node'),
    import('@opentelemetry/auto-instrumentations-node'),
  ]);
  const sdk = new NodeSDK({
    serviceName: source.OTEL_SERVICE_NAME ?? `pgfleet-${service}`,
    instrumentations: [
      getNodeAutoInstrumentations({
        // Only what the fleet uses; the rest of the bundle would just add start-up time.
        '@opentelemetry/instrumentation-fs': { enabled: false },
        '@opentelemetry/instrumentation-dns': { enabled: false },
        '@opentelemetry/instrumentation-net': { enabled: false },
      }),
    ],
  });
  sdk.start();
  return { enabled: true, shutdown: () => sdk.shutdown() };
}
