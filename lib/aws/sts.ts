// Only what member-account access needs, so that the dynamic import of this module lets esbuild drop the rest of the client.
export { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
