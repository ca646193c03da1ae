export * from './http-error';
export * from './validate';
export * from './error-middleware';
export * from './request-middleware';
export * from './json-body';
export * from './create-http-app';
export * from './readiness-report';
export * from './http-server';
