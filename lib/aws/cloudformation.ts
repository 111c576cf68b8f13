// Only what the stack check needs, so that the dynamic import of this module lets esbuild drop the rest of the client.
export { CloudFormationClient, DescribeStackEventsCommand, DescribeStackResourceCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
