"""A stand-in for the SAM CLI's `sam build` and `sam deploy`, for the runbook test against moto_server.

moto cannot run the SAM CLI or the AWS::Serverless-2016-10-31 transform. This does what `sam deploy --config-env <env>
--region <Region>` does with this repository, with the real SAM translator (samtranslator, which cfn-lint ships):
read the environment from samconfig.toml, upload a package for the function, translate template.yaml, and create or
update the stack with the environment's stack name, parameters and capabilities. The package holds a placeholder
handler: moto never runs it (tests/template/sam-build.test.ts builds and runs the real bundle).

Usage: sam_standin.py build [...] | deploy --config-env <env> --region <Region>. AWS_ENDPOINT_URL names moto.
"""
import io
import json
import os
import sys
import tomllib
import zipfile

import boto3
from cfnlint.decode import decode
from samtranslator.translator.transform import transform

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))


def option(args, name, default=None):
    return args[args.index(name) + 1] if name in args else default


def deploy(args):
    env = option(args, "--config-env", "default")
    config = tomllib.load(open(os.path.join(ROOT, "samconfig.toml"), "rb"))[env]
    settings = {**config.get("global", {}).get("parameters", {}), **config["deploy"]["parameters"]}
    region = option(args, "--region", settings.get("region"))
    stack_name = option(args, "--stack-name", settings["stack_name"])
    endpoint = os.environ["AWS_ENDPOINT_URL"]
    session = boto3.session.Session(region_name=region)
    account = session.client("sts", endpoint_url=endpoint).get_caller_identity()["Account"]

    # resolve_s3: SAM's managed bucket; the package is what `sam build` would have left for CodeUri.
    bucket = f"sam-standin-{account}-{region}"
    s3 = session.client("s3", endpoint_url=endpoint)
    if region == "us-east-1":
        s3.create_bucket(Bucket=bucket)
    else:
        s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": region})
    package = io.BytesIO()
    with zipfile.ZipFile(package, "w") as archive:
        archive.writestr("index.js", "exports.handler = async () => {};\n")
    s3.put_object(Bucket=bucket, Key="provider.zip", Body=package.getvalue())

    template, problems = decode(os.path.join(ROOT, "template.yaml"))
    if problems:
        raise SystemExit(f"template.yaml does not parse: {problems}")
    template = json.loads(json.dumps(template, default=str))
    for resource in template["Resources"].values():
        if resource["Type"] == "AWS::Serverless::Function":
            resource["Properties"]["CodeUri"] = f"s3://{bucket}/provider.zip"

    class NoManagedPolicies:
        def load(self):
            return {}

    os.environ["AWS_DEFAULT_REGION"] = region
    translated = transform(template, {}, NoManagedPolicies())

    overrides = [pair.split("=", 1) for pair in settings.get("parameter_overrides", "").split()]
    parameters = [{"ParameterKey": key, "ParameterValue": value} for key, value in overrides]
    capabilities = settings.get("capabilities", "").split()
    cloudformation = session.client("cloudformation", endpoint_url=endpoint)
    request = dict(StackName=stack_name, TemplateBody=json.dumps(translated), Parameters=parameters, Capabilities=capabilities)
    existing = [s for s in cloudformation.list_stacks()["StackSummaries"] if s["StackName"] == stack_name and s["StackStatus"] != "DELETE_COMPLETE"]
    if existing:
        cloudformation.update_stack(**request)
    else:
        cloudformation.create_stack(**request)
    status = cloudformation.describe_stacks(StackName=stack_name)["Stacks"][0]["StackStatus"]
    print(f"sam deploy stand-in: stack {stack_name} in {account} {region}: {status}")
    if not status.endswith("_COMPLETE") or "ROLLBACK" in status:
        raise SystemExit(1)


def main(args):
    if args and args[0] == "build":
        print("sam build stand-in: nothing to build here (tests/template/sam-build.test.ts builds the bundle)")
    elif args and args[0] == "deploy":
        deploy(args[1:])
    else:
        raise SystemExit(f"sam stand-in: unsupported command {args}")


if __name__ == "__main__":
    main(sys.argv[1:])
