/**
 * Runs the deployable artifact, dist/index.js, in a child Node process — as Lambda would, with the standard SDK
 * environment pointing EC2 and CloudFormation at local endpoints — for the bundle tests and the demo. CloudFormation is
 * the driver's stand-in (its baseUrl), which answers the stack check about the stacks it plays: the bundle checks every
 * event as it does in AWS.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import type { CustomResourceEvent } from '../../lib/protocol/event';

export interface BundleRun {
  readonly exitCode: number | null;
  /** The handler's log lines (JSON) on stdout. */
  readonly logLines: string[];
  /** Every line of stdout and stderr (ERROR records go there), in the order they arrived. */
  readonly outputLines: string[];
  readonly stderr: string;
}

const ROOT = resolve(__dirname, '..', '..');

/** Where the handler's calls go: one endpoint per service, as the demo and the bundle tests run it. */
export interface PerServiceEndpoints {
  /** Where the handler's EC2 client sends its calls (AWS_ENDPOINT_URL_EC2); Route 53 and Service Quotas go there too. */
  readonly ec2EndpointUrl: string;
  /** Where the handler's stack check asks CloudFormation (AWS_ENDPOINT_URL_CLOUDFORMATION): a stand-in playing the stack. */
  readonly cloudFormationEndpointUrl: string;
}

/**
 * Or one endpoint for every service (AWS_ENDPOINT_URL alone), as `sam local invoke --env-vars` runs it: the `npm run sim` server, which answers EC2, CloudFormation, Route 53 and Service Quotas.
 */
export interface SingleEndpoint {
  readonly endpointUrl: string;
}

export type BundleRunOptions = (PerServiceEndpoints | SingleEndpoint) & {
  /** The invocation's deadline, as getRemainingTimeInMillis counts it down. Default 900 000 (Lambda's maximum). */
  readonly timeoutMs?: number;
  /** Default us-east-1. */
  readonly region?: string;
  /** Added last: overrides any of the above. */
  readonly env?: Record<string, string>;
};

/**
 * Every environment variable the bundled handler sees when run locally: the one place to add one (the demo, the bundle
 * tests and `npm run invoke` all run the handler through here). Nothing is inherited but PATH, so no profile, credential
 * or endpoint of the caller's leaks into a local run.
 */
export function bundleEnvironment(options: BundleRunOptions): Record<string, string> {
  return {
    PATH: process.env['PATH'] ?? '',
    AWS_REGION: options.region ?? 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIDLOCALDEMO',
    AWS_SECRET_ACCESS_KEY: 'local-demo-secret',
    ...endpointVariables(options),
    // No profile or instance metadata lookups: everything the SDK needs is above.
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    INVOKE_TIMEOUT_MS: String(options.timeoutMs ?? 900_000),
    ...options.env,
  };
}

function endpointVariables(options: BundleRunOptions): Record<string, string> {
  if ('endpointUrl' in options) return { AWS_ENDPOINT_URL: options.endpointUrl };
  return {
    AWS_ENDPOINT_URL_EC2: options.ec2EndpointUrl,
    AWS_ENDPOINT_URL_CLOUDFORMATION: options.cloudFormationEndpointUrl,
    // The HTTP simulator answers Route 53's ListHostedZonesByVPC on the same server (http/route53-handler.ts).
    AWS_ENDPOINT_URL_ROUTE_53: options.ec2EndpointUrl,
    // And Service Quotas' GetServiceQuota (http/service-quotas-handler.ts).
    AWS_ENDPOINT_URL_SERVICE_QUOTAS: options.ec2EndpointUrl,
    // And AWS Organizations' ListParents (http/organizations-handler.ts), so a bundle never reaches the real one.
    AWS_ENDPOINT_URL_ORGANIZATIONS: options.ec2EndpointUrl,
  };
}

export function invokeBundle(event: CustomResourceEvent, options: BundleRunOptions): Promise<BundleRun> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [resolve(ROOT, 'scripts/invoke-bundle.mjs')], {
      cwd: ROOT,
      env: bundleEnvironment(options),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    // Each stream's text since its last newline; complete lines go to `output` as they arrive.
    const partial = { stdout: '', stderr: '' };
    const output: string[] = [];
    const collect = (stream: 'stdout' | 'stderr', text: string) => {
      const lines = (partial[stream] + text).split('\n');
      partial[stream] = lines.pop() ?? '';
      output.push(...lines.filter((line) => line.trim() !== ''));
    };
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      collect('stdout', chunk.toString('utf8'));
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      collect('stderr', chunk.toString('utf8'));
    });
    child.on('error', fail);
    child.on('close', (exitCode) => {
      const outputLines = [...output, ...[partial.stdout, partial.stderr].filter((line) => line.trim() !== '')];
      done({ exitCode, logLines: stdout.split('\n').filter((line) => line.trim() !== ''), outputLines, stderr });
    });
    child.stdin.end(JSON.stringify(event));
  });
}
