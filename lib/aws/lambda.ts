// Only what the continuation needs, so that the dynamic import of this module lets esbuild drop the rest of the client.
export { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
