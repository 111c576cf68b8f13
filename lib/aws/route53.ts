// Only what the hosted-zone check needs, so that the dynamic import of this module lets esbuild drop the rest of the client.
export { ListHostedZonesByVPCCommand, Route53Client } from '@aws-sdk/client-route-53';
