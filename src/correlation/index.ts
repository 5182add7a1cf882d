export { CorrelationContext, type TraceContext } from './correlation.context';
export { CorrelationModule } from './correlation.module';
export { CORRELATION_HEADER, ensureCorrelationId, isAcceptableCorrelationId } from './correlation-id';
