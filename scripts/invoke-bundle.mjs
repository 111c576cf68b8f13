// Runs the bundled Lambda handler (dist/index.js) once, in this process, the way Lambda would:
// the event comes as JSON on stdin, the context is built here. Used by the demo and by the bundle tests,
// so that the deployable artifact itself is what runs. Exits 0 when the handler settled, 1 when it threw.
import { createRequire } from 'node:module';
import { randomUUID } from 'node:crypto';

const require = createRequire(import.meta.url);
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const event = JSON.parse(Buffer.concat(chunks).toString('utf8'));

const timeoutMs = Number(process.env.INVOKE_TIMEOUT_MS ?? 900_000);
const startedAt = Date.now();
const functionName = process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'vpce-provisioner-provider';
const accountId = process.env.INVOKE_ACCOUNT_ID ?? '123456789012';
const region = process.env.AWS_REGION ?? 'us-east-1';
const context = {
  callbackWaitsForEmptyEventLoop: true,
  functionName,
  functionVersion: '$LATEST',
  invokedFunctionArn: `arn:aws:lambda:${region}:${accountId}:function:${functionName}`,
  memoryLimitInMB: '256',
  awsRequestId: randomUUID(),
  logGroupName: `/aws/lambda/${functionName}`,
  logStreamName: 'local',
  getRemainingTimeInMillis: () => Math.max(0, startedAt + timeoutMs - Date.now()),
};

const { handler } = require(process.env.BUNDLE_PATH ?? '../dist/index.js');
try {
  await handler(event, context);
} catch (error) {
  console.error(JSON.stringify({ level: 'ERROR', message: 'handler threw', error: String(error) }));
  process.exitCode = 1;
}
// Peak memory of the whole invocation: what the function's MemorySize in template.yaml is sized from.
console.log(JSON.stringify({ level: 'INFO', message: 'invocation finished', maxRssMiB: Math.round(process.resourceUsage().maxRSS / 102.4) / 10 }));
