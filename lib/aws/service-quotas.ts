// Only what the quota check needs, so that the dynamic import of this module lets esbuild drop the rest of the client.
export { GetServiceQuotaCommand, ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
