// Only what the OU check needs, so that the dynamic import of this module lets esbuild drop the rest of the client.
export { ListParentsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
