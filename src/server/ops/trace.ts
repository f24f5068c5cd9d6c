// OpenTelemetry traces of requests (server.ts) and engine steps (engine/runner.ts), exported over
// OTLP/HTTP only when OTEL_EXPORTER_OTLP_ENDPOINT is set. Unset, the API's tracer is a no-op: a
// span costs a function call and nothing is sent or kept. The SDK and the exporter are loaded
// only when configured. The API registers its provider on globalThis, so Next's bundle (the
// engine) and server.ts (the requests) share it.
import { SpanStatusCode, context, trace, type Attributes, type Span } from '@opentelemetry/api'

export const TRACER_NAME = 'execution-console'

let shutdownTracing: (() => Promise<void>) | undefined

/**
 * Starts exporting when an endpoint is configured (the base URL, as the OTel variable means it:
 * spans go to `<endpoint>/v1/traces`). Returns whether tracing is on.
 */
export async function startTracing(endpoint: string | undefined, serviceName: string): Promise<boolean> {
  if (!endpoint) return false
  const [{ TracerProvider, BatchSpanProcessor }, { OTLPTraceExporter }, { AsyncLocalStorageContextManager }, { resourceFromAttributes }] = await Promise.all([
    import('@opentelemetry/sdk-trace'),
    import('@opentelemetry/exporter-trace-otlp-http'),
    import('@opentelemetry/context-async-hooks'),
    import('@opentelemetry/resources'),
  ])
  const exporter = new OTLPTraceExporter({ url: `${endpoint.replace(/\/$/, '')}/v1/traces` })
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName, 'service.instance.id': `${process.pid}` }),
    spanProcessors: [new BatchSpanProcessor({ exporter })],
  })
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable())
  trace.setGlobalTracerProvider(provider)
  shutdownTracing = () => provider.shutdown()
  return true
}

/** Sends what is buffered and stops (on shutdown). */
export async function stopTracing(): Promise<void> {
  await shutdownTracing?.().catch(() => {})
}

/** Starts a span (a no-op one unless tracing is on). */
export function startSpan(name: string, attributes: Attributes = {}): Span {
  return trace.getTracer(TRACER_NAME).startSpan(name, { attributes })
}

/** Ends a span with its outcome. */
export function endSpan(span: Span, error?: unknown, attributes: Attributes = {}): void {
  span.setAttributes(attributes)
  if (error) span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) })
  span.end()
}
