export * from './properties';
export * from './service-names';
export * from './vpc-endpoints';
export * from './provider';
