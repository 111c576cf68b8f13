export * from './properties';
export * from './service-names';
export * from './vpc-endpoints';
export * from './vpc-endpoint-consumer';
export * from './provider';
