"""Parse every Terraform file with python-hcl2 and check the blueprint's facts in it: the VPC
and its two zones, the node groups, encryption everywhere, Redis `noeviction`, the S3 tiers,
CloudFront with origin access control and WAF, and that every checkov skip gives a reason.

Run with the checkers' Python (``.venv-deploy/bin/python deploy/terraform/check.py``);
prints one line per file and exits 1 with a sentence per broken fact.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import hcl2  # type: ignore[import-not-found]

HERE = Path(__file__).resolve().parent
MODULES = ("network", "cluster", "database", "cache", "storage", "cdn", "monitoring", "iam")
ENVIRONMENTS = ("dev", "sandbox", "prod")
SKIP = re.compile(r"#\s*checkov:skip=(\S+?)(?::(.*))?$")


def _clean(value: Any) -> Any:
    """python-hcl2 8 keeps HCL's quotes on names and strings; drop them (and its markers)."""
    if isinstance(value, dict):
        return {_clean(k): _clean(v) for k, v in value.items() if not str(k).startswith("__")}
    if isinstance(value, list):
        return [_clean(item) for item in value]
    if isinstance(value, str) and len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1]
    return value


def parse(folder: Path) -> dict[str, list[Any]]:
    """Every block of every .tf file in `folder`, merged by block type."""
    merged: dict[str, list[Any]] = {}
    for path in sorted(folder.glob("*.tf")):
        with path.open() as handle:
            for kind, blocks in _clean(hcl2.load(handle)).items():
                merged.setdefault(kind, []).extend(blocks)
    return merged


def resources(parsed: dict[str, list[Any]], kind: str) -> dict[str, dict[str, Any]]:
    """The resources of one type, by name."""
    found: dict[str, dict[str, Any]] = {}
    for block in parsed.get("resource", []):
        for name, body in block.get(kind, {}).items():
            found[name] = body
    return found


def _module_args(env: str) -> dict[str, Any]:
    (studio,) = [b["studio"] for b in parse(HERE / "environments" / env)["module"]]
    return dict(studio)


def facts() -> list[str]:
    """Sentences for every blueprint fact the files break (empty: all hold)."""
    broken: list[str] = []
    mods = {name: parse(HERE / "modules" / name) for name in (*MODULES, "stack")}

    def need(ok: bool, sentence: str) -> None:
        if not ok:
            broken.append(sentence)

    vpc = resources(mods["network"], "aws_vpc")["main"]
    variables = {k: v for b in mods["network"]["variable"] for k, v in b.items()}
    need(variables["cidr"]["default"] == "10.0.0.0/16", "The VPC is not 10.0.0.0/16.")
    need("var.cidr" in str(vpc["cidr_block"]), "The VPC does not use var.cidr.")
    for side in ("public", "private"):
        subnet = resources(mods["network"], "aws_subnet")[side]
        need(subnet["count"] == 2, f"The {side} subnets do not span two zones.")
    need(bool(resources(mods["network"], "aws_flow_log")), "The VPC has no flow logs.")

    groups = resources(mods["cluster"], "aws_eks_node_group")
    need({"cpu", "gpu"} <= set(groups), "The cluster lacks a CPU or a GPU node group.")
    cluster_vars = {k: v for b in mods["cluster"]["variable"] for k, v in b.items()}
    need(
        cluster_vars["gpu_instance_types"]["default"][0].startswith("g4dn"),
        "GPU nodes are not g4dn.",
    )
    need(cluster_vars["gpu_max_size"]["default"] == 20, "GPU nodes do not scale to 20.")
    need(groups["gpu"]["scaling_config"][0]["min_size"] == 0, "GPU node groups do not start at 0.")
    prod = _module_args("prod")
    need(prod["gpu_spot_max_size"] > 0, "Prod has no spot GPU nodes.")
    need(prod["gpu_spot_max_size"] < prod["gpu_max_size"], "Prod has no on-demand GPU nodes.")
    need(prod["high_availability"] is True, "Prod is not Multi-AZ.")
    need(
        all(_module_args(env)["high_availability"] is False for env in ("dev", "sandbox")),
        "dev/sandbox pay for Multi-AZ.",
    )

    db = resources(mods["database"], "aws_db_instance")["main"]
    need(db["storage_encrypted"] is True, "RDS is not encrypted.")
    need(db["engine"] == "postgres", "RDS is not PostgreSQL.")
    need("var.backup_retention_days" in str(db["backup_retention_period"]), "RDS keeps no backups.")
    need(db["multi_az"] == "${var.multi_az}", "RDS Multi-AZ is not configurable.")

    cache = resources(mods["cache"], "aws_elasticache_replication_group")["main"]
    for key in ("at_rest_encryption_enabled", "transit_encryption_enabled"):
        need(cache[key] is True, f"ElastiCache lacks {key}.")
    need("auth_token" in cache, "ElastiCache has no auth token.")
    params = resources(mods["cache"], "aws_elasticache_parameter_group")["main"]["parameter"]
    need(
        {"name": "maxmemory-policy", "value": "noeviction"} in params,
        "Redis may evict (the queue needs noeviction).",
    )

    broken += _storage_and_edge_facts(mods)
    return broken


def _storage_and_edge_facts(mods: dict[str, dict[str, list[Any]]]) -> list[str]:
    broken = []
    storage = mods["storage"]
    rules = resources(storage, "aws_s3_bucket_lifecycle_configuration")["media"]["rule"][0]
    tiers = {(t["days"], t["storage_class"]) for t in rules["transition"]}
    if tiers != {(30, "STANDARD_IA"), (90, "GLACIER")}:
        broken.append("Media does not move to IA after 30 days and Glacier after 90.")
    if "media" not in resources(storage, "aws_s3_bucket_versioning"):
        broken.append("The media bucket is not versioned.")
    sse = resources(storage, "aws_s3_bucket_server_side_encryption_configuration")
    if "media" not in sse:
        broken.append("The media bucket has no server-side encryption.")
    cdn = mods["cdn"]
    if not resources(cdn, "aws_cloudfront_origin_access_control"):
        broken.append("CloudFront has no origin access control.")
    if not resources(cdn, "aws_wafv2_web_acl"):
        broken.append("There is no WAF.")
    iam = mods["iam"]
    if not resources(iam, "aws_secretsmanager_secret"):
        broken.append("No Secrets Manager secrets.")
    if resources(iam, "aws_kms_key")["main"]["enable_key_rotation"] is not True:
        broken.append("The KMS key does not rotate.")
    if not resources(mods["monitoring"], "aws_cloudwatch_metric_alarm"):
        broken.append("No CloudWatch alarms.")
    return broken


def skips_without_reason() -> list[str]:
    """Every ``#checkov:skip=ID`` must say why after a colon."""
    broken = []
    for path in sorted(HERE.rglob("*.tf")):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            match = SKIP.search(line.strip())
            if match and len((match.group(2) or "").strip()) < 15:
                broken.append(
                    f"{path.relative_to(HERE)}:{number} skips {match.group(1)} without a reason."
                )
    return broken


def main() -> int:
    folders = [HERE / "modules" / m for m in (*MODULES, "stack")]
    folders += [HERE / "environments" / e for e in ENVIRONMENTS]
    for folder in folders:
        blocks = parse(folder)
        print(f"parsed {folder.relative_to(HERE)}: {sum(len(v) for v in blocks.values())} blocks")
    broken = facts() + skips_without_reason()
    for sentence in broken:
        print(f"terraform: {sentence}", file=sys.stderr)
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
