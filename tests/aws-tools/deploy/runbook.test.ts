/**
 * The Deploying runbook, replayed against moto_server: the fenced blocks marked `runbook:<step>` are taken from the
 * document itself (never a copy) and run with bash, `aws` being `aws --endpoint-url <moto>`, in an organization of a
 * management account (also the hub account) and two member accounts in two OUs, in two Regions.
 *
 * What moto cannot do, and what stands in for it (each named again where it happens):
 * - the SAM CLI and the SAM transform: `sam` is sam_standin.py (the real SAM translator on template.yaml, the
 *   environment from samconfig.toml, then CreateStack);
 * - auto-deployment and AccountFilterType of service-managed StackSets: ignored by moto, so the test checks only the
 *   instances the commands ask for;
 * - dynamic references and Lambda invocations (Docker): the consumer step resolves `{{resolve:ssm:…}}` as CloudFormation
 *   would, in the consumer's account and Region, and checks it names that Region's hub function; the custom resource is
 *   not run;
 * - Service Catalog sharing and organization access, and delete-stack-instances by deployment targets: not replayed.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCfnTemplate } from '../../support/cfn-yaml';
import { MOTO_CREDENTIALS, startMotoServer, type MotoServer } from '../../support/moto-server';

const ROOT = join(__dirname, '..', '..', '..');
/** The document whose Deploying section holds the runbook. */
const RUNBOOK = 'README.md';

/** moto's default account: the organization's management account, and here the hub account too. */
const MANAGEMENT = '123456789012';
const REGIONS = ['eu-west-1', 'us-east-1'] as const;
const HOME_REGION = 'eu-west-1';

/** The steps of the runbook, in order, and why the ones not replayed are not. */
const STEPS = {
  // moto 5.2 answers CreateStack with HTTP 500 when a role's Policies list holds an Fn::If that yields AWS::NoValue
  // (template.yaml's assume-spoke-roles policy outside hub mode): it keeps the null in the list.
  'single-account': 'not replayed: moto 5.2 fails on Fn::If -> AWS::NoValue inside a role’s Policies (the hub replay covers the same commands)',
  'single-account-verify': 'not replayed: follows single-account',
  settings: 'the test sets the same variables to the emulated organization',
  hub: 'replayed',
  'hub-verify': 'replayed',
  'spoke-role': 'replayed',
  'service-token': 'replayed',
  'stacksets-verify': 'replayed',
  'member-verify': 'replayed',
  'service-catalog': 'not replayed: moto has no Service Catalog organization access (EnableAWSOrganizationsAccess)',
  portfolio: 'not replayed: moto has no Service Catalog portfolio shares with principal sharing',
  consumer: 'resolved, not deployed: moto resolves no dynamic references and invokes Lambda only in Docker',
} as const;

interface Block {
  readonly step: string;
  readonly script: string;
}

/** The fenced `sh runbook:<step>` blocks of the document's Deploying section, in order. */
function runbookBlocks(path: string): Block[] {
  const text = `\n${readFileSync(join(ROOT, path), 'utf8')}`;
  const start = text.indexOf('\n## Deploying\n');
  if (start < 0) throw new Error(`${path} has no "## Deploying" section`);
  const next = text.indexOf('\n## ', start + 1);
  const section = text.slice(start, next < 0 ? undefined : next);
  return [...section.matchAll(/^```sh runbook:([\w-]+)\n([\s\S]*?)^```$/gm)].map((match) => ({ step: match[1] as string, script: match[2] as string }));
}

const blocks = runbookBlocks(RUNBOOK);
const block = (step: string): string => {
  const found = blocks.find((candidate) => candidate.step === step);
  if (found === undefined) throw new Error(`${RUNBOOK} has no runbook:${step} block`);
  return found.script;
};

let moto: MotoServer;
let members: string[];
/** Comma-separated, as the runbook's OU_IDS: two OUs, so the CLI's shorthand lists are exercised. */
let ouIds: string;

/** Runs a script with bash in the repository, `aws` pointed at moto, as `account` (via sts assume-role unless the management account). */
function run(script: string, variables: Record<string, string> = {}, account = MANAGEMENT): string {
  const credentials = account === MANAGEMENT ? {} : assumeInto(account);
  const preamble = [
    'set -euo pipefail',
    // The runbook's `aws`, against moto.
    'aws() { command aws --endpoint-url "$MOTO_URL" "$@"; }',
    // moto cannot run the SAM CLI nor the SAM transform: a stand-in with the real SAM translator (see sam_standin.py).
    'sam() { python3 tests/aws-tools/deploy/sam_standin.py "$@"; }',
  ].join('\n');
  const result = spawnSync('bash', ['-c', `${preamble}\n${script}`], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 300_000,
    env: {
      PATH: process.env['PATH'],
      HOME: process.env['HOME'],
      ...MOTO_CREDENTIALS,
      AWS_DEFAULT_REGION: HOME_REGION,
      AWS_ENDPOINT_URL: moto.url,
      MOTO_URL: moto.url,
      ...credentials,
      ...variables,
    },
  });
  if (result.status !== 0) throw new Error(`bash exited ${result.status}: ${result.stderr}\n--- script ---\n${script}`);
  return result.stdout;
}

const assumed = new Map<string, Record<string, string>>();

/** Credentials of a role in `account` (moto lets any caller assume any role), assumed once per account. */
function assumeInto(account: string): Record<string, string> {
  const known = assumed.get(account);
  if (known !== undefined) return known;
  const out = run(
    `aws sts assume-role --role-arn arn:aws:iam::${account}:role/OrganizationAccountAccessRole --role-session-name runbook --query 'Credentials.[AccessKeyId,SecretAccessKey,SessionToken]' --output text`,
  );
  const [key, secret, token] = out.trim().split(/\s+/);
  const credentials = { AWS_ACCESS_KEY_ID: key as string, AWS_SECRET_ACCESS_KEY: secret as string, AWS_SESSION_TOKEN: token as string };
  assumed.set(account, credentials);
  return credentials;
}

/** The runbook's settings, as the test sets them for the emulated organization. */
function settings(): Record<string, string> {
  const samconfig = readFileSync(join(ROOT, 'samconfig.toml'), 'utf8');
  const hub = /\[hub\.deploy\.parameters\][\s\S]*?^parameter_overrides = "(.*)"$/m.exec(samconfig)?.[1] ?? '';
  const externalId = /(?:^| )SpokeExternalId=(\S+)/.exec(hub)?.[1];
  if (externalId === undefined) throw new Error('samconfig.toml [hub] sets no SpokeExternalId');
  return { HUB_ACCOUNT: MANAGEMENT, OU_IDS: ouIds, REGIONS: REGIONS.join(' '), HOME_REGION, EXTERNAL_ID: externalId };
}

const hubFunction = (region: string, account = MANAGEMENT) => `arn:aws:lambda:${region}:${account}:function:vpce-provisioner-provider`;
const lines = (out: string) => out.trim().split('\n').map((line) => line.trim());

beforeAll(async () => {
  moto = await startMotoServer();
  // The organization: moto's default account manages it; two member accounts, each in its own OU.
  const root = run(`aws organizations create-organization --feature-set ALL >/dev/null
aws organizations list-roots --query 'Roots[0].Id' --output text`).trim();
  const placed = ['alpha', 'beta'].map((name) => {
    const ou = run(`aws organizations create-organizational-unit --parent-id ${root} --name ${name}-ou --query OrganizationalUnit.Id --output text`).trim();
    const account = run(`aws organizations create-account --email ${name}@example.com --account-name ${name} --query CreateAccountStatus.AccountId --output text`).trim();
    run(`aws organizations move-account --account-id ${account} --source-parent-id ${root} --destination-parent-id ${ou}`);
    return { ou, account };
  });
  members = placed.map(({ account }) => account);
  ouIds = placed.map(({ ou }) => ou).join(',');
}, 120_000);

afterAll(async () => {
  await moto?.stop();
});

describe(`the runbook in ${RUNBOOK}`, () => {
  it('has exactly the steps this test knows, in order: a new or renamed step must be taught to the test', () => {
    expect(blocks.map((b) => b.step)).toEqual(Object.keys(STEPS));
  });

  it('sets, in its settings block, exactly the variables the test provides', () => {
    const assigned = [...block('settings').matchAll(/^([A-Z_]+)=/gm)].map((match) => match[1]);
    expect(assigned.sort()).toEqual(Object.keys(settings()).sort());
  });

  it('hub: deploys one hub per Region, each with its parameter and its vpce-provisioner-hub-<Region> role', () => {
    run(block('hub'), settings());
    const out = run(block('hub-verify'), settings());

    expect(lines(out)).toEqual(
      REGIONS.flatMap((region) => ['CREATE_COMPLETE', hubFunction(region), `arn:aws:iam::${MANAGEMENT}:role/vpce-provisioner-hub-${region}`]),
    );
  }, 240_000);

  it('StackSets: the role once per member account (one Region), the parameter in each member account and Region', () => {
    run(block('spoke-role'), settings());
    run(block('service-token'), settings());
    const out = run(block('stacksets-verify'), settings());
    const instances = lines(out).map((line) => line.split(/\s+/).join(' '));

    const roleInstances = members.map((account) => `${account} ${HOME_REGION} SUCCEEDED`);
    const tokenInstances = members.flatMap((account) => REGIONS.map((region) => `${account} ${region} SUCCEEDED`));
    expect(instances.sort()).toEqual([...roleInstances, ...tokenInstances].sort());
    // The hub account holds the parameter from its hub stack: no instance of the StackSet there.
    expect(out).not.toContain(MANAGEMENT);
  }, 240_000);

  it.each([0, 1])('member account %i: the spoke role exists, and each Region’s parameter names that Region’s hub', (index) => {
    const account = members[index] as string;
    const out = run(block('member-verify'), settings(), account);

    expect(lines(out)).toEqual([`arn:aws:iam::${account}:role/vpce-provisioner-spoke`, ...REGIONS.map((region) => hubFunction(region))]);
  }, 240_000);

  it('consumer: the template asks only for the VPC and subnets, and its dynamic reference resolves in every account and Region to that Region’s hub', () => {
    const script = block('consumer');
    const templatePath = /--template-file (\S+)/.exec(script)?.[1] as string;
    const template = loadCfnTemplate(join(ROOT, templatePath));
    const overrides = [...(/--parameter-overrides ([^\n]*)/.exec(script)?.[1] ?? '').matchAll(/(\w+)=/g)].map((match) => match[1]);
    const references = [...JSON.stringify(template.Resources).matchAll(/\{\{resolve:ssm:([^}]+)\}\}/g)].map((match) => match[1] as string);

    expect(Object.keys(template.Parameters ?? {})).toEqual(['VpcId', 'SubnetIds']);
    expect(overrides).toEqual(['VpcId', 'SubnetIds']);
    expect(references).toEqual(['/vpce-provisioner/service-token']);
    // CloudFormation resolves the reference with the stack operation's credentials, in the stack's account and Region.
    const resolve = `for REGION in ${REGIONS.join(' ')}; do echo "$REGION $(aws ssm get-parameter --name '${references[0]}' --region "$REGION" --query Parameter.Value --output text)"; done`;
    for (const account of [MANAGEMENT, ...members]) {
      expect([account, ...lines(run(resolve, {}, account))]).toEqual([account, ...REGIONS.map((region) => `${region} ${hubFunction(region)}`)]);
    }
    // ... and names a function that exists: each Region's hub, in the hub account.
    const functions = `for REGION in ${REGIONS.join(' ')}; do aws lambda get-function --function-name "arn:aws:lambda:$REGION:${MANAGEMENT}:function:vpce-provisioner-provider" --region "$REGION" --query Configuration.FunctionArn --output text; done`;
    expect(lines(run(functions))).toEqual(REGIONS.map((region) => hubFunction(region)));
  }, 240_000);

  it('leaves unreplayed only the steps named, each with the reason moto cannot run it', () => {
    const notReplayed = Object.entries(STEPS).filter(([, how]) => how !== 'replayed');
    expect(notReplayed.map(([step]) => step)).toEqual(['single-account', 'single-account-verify', 'settings', 'service-catalog', 'portfolio', 'consumer']);
    for (const [step] of notReplayed) expect(block(step).length).toBeGreaterThan(0);
  });
});
