export * from './backoff';
export * from './poll';
