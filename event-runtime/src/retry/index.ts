export * from './backoff';
export * from './poll';
export * from './retry';
