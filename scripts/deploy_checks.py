#!/usr/bin/env python3
"""The checks behind scripts/check-deploy: deploy/ validated offline.

Run by scripts/check-deploy with the tools it installs (kustomize, a venv holding
kubernetes-validate and PyYAML) and Debian's promtool; not meant to be called directly.

    deploy_checks.py --root REPO --kustomize BIN [--k8s-versions 1.30.0,1.37.0] [--promtool BIN]

Prints one line per check (PASS/FAIL/SKIP name: detail) and ends with the line
`check-deploy: N passed, M failed`. Exit status 1 when any check failed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import yaml

# The input topic's partition count, the ceiling of any autoscaler's replicas: a consumer
# beyond it gets no partition. deploy/compose.yaml creates `pages` with this many.
INPUT_PARTITIONS = 6
# Kinds we validate against the Kubernetes schemas; anything from these API groups is core.
CRD_GROUPS = {"keda.sh"}
# Secrets the base expects to be created out of band (external-secrets, sealed-secrets...).
OUT_OF_BAND_SECRETS = {"sift-kafka"}
# Environment variables sift reads besides SIFT__SECTION__KEY (config/default.toml, [kafka.common]).
SASL_ENV = {"SIFT_KAFKA_SASL_USERNAME", "SIFT_KAFKA_SASL_PASSWORD"}
# Process collector metrics of the prometheus crate (feature "process", Linux).
PROCESS_METRICS = {
    "process_cpu_seconds_total", "process_open_fds", "process_max_fds",
    "process_virtual_memory_bytes", "process_resident_memory_bytes",
    "process_start_time_seconds", "process_threads",
}
# What an on-call engineer needs on the dashboard (issue 6): each must appear in some panel.
DASHBOARD_MUST_SHOW = [
    "sift_consumed_messages_total", "sift_events_published_total", "sift_dead_letters_total",
    "sift_rejected_total", "sift_consumer_lag_messages", "sift_stage_duration_seconds_bucket",
    "sift_processing_duration_seconds_bucket", "sift_in_flight_messages",
    "sift_dedup_decisions_total", "sift_produce_errors_total", "sift_rebalances_total",
    "process_cpu_seconds_total", "process_resident_memory_bytes",
]
ALERTS_MUST_HAVE = {
    "lag growing": "sift_consumer_lag_messages",
    "dead-letter share": "sift_dead_letters_total",
    "no progress": "sift_last_progress_timestamp_seconds",
    "produce errors": "sift_produce_errors_total",
    "rebalance storm": "sift_rebalances_total",
    "instance down": "up{",
}


class Checks:
    def __init__(self) -> None:
        self.passed = 0
        self.failed = 0
        self.skipped = 0

    def run(self, name: str, fn, *args) -> object:
        """Runs fn(*args) -> (errors: list[str], result). Prints PASS/FAIL."""
        t0 = time.monotonic()
        try:
            errors, result = fn(*args)
        except Exception as e:  # a check that crashes is a failed check
            errors, result = [f"{type(e).__name__}: {e}"], None
        dt = time.monotonic() - t0
        if errors:
            self.failed += 1
            print(f"FAIL {name} ({dt:.1f}s)")
            for e in errors:
                print(f"     - {e}")
        else:
            self.passed += 1
            print(f"PASS {name} ({dt:.1f}s)")
        sys.stdout.flush()
        return result

    def skip(self, name: str, why: str) -> None:
        self.skipped += 1
        print(f"SKIP {name}: {why}")


# ---------------------------------------------------------------------------- helpers

def load_docs(text: str) -> list[dict]:
    return [d for d in yaml.safe_load_all(text) if d]


def kind_name(doc: dict) -> str:
    return f"{doc.get('kind')}/{doc.get('metadata', {}).get('name')}"


def api_group(doc: dict) -> str:
    av = doc.get("apiVersion", "")
    return av.split("/")[0] if "/" in av else ""


def flatten(table: dict, prefix: str = "") -> dict[str, object]:
    out = {}
    for k, v in table.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict):
            out[key] = v  # the table itself, so that empty tables are known keys
            out.update(flatten(v, key + "."))
        else:
            out[key] = v
    return out


def merge(base: dict, over: dict) -> dict:
    out = dict(base)
    for k, v in over.items():
        out[k] = merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


FREE_TABLES = ("kafka.common", "kafka.consumer", "kafka.producer")


def struct_keys(src_dir: Path) -> set[str]:
    """Config keys from the Rust structs: `pub struct Config { pub kafka: KafkaConfig, ... }`
    and each section's `pub struct XConfig { pub key: T, ... }` (serde field names), so that a
    section not (yet) spelled out in config/default.toml is still known."""
    structs: dict[str, list[tuple[str, str]]] = {}
    for f in src_dir.rglob("*.rs"):
        for m in re.finditer(r"pub struct (\w+) \{(.*?)\n\}", f.read_text(), re.S):
            body = re.sub(r"//[^\n]*", "", m.group(2))
            fields = re.findall(r"pub(?:\([^)]*\))? (\w+): ([\w:<>, ]+?),?\s*$", body, re.M)
            structs[m.group(1)] = fields
    keys: set[str] = set()

    def walk(name: str, prefix: str, depth: int) -> None:
        for field, ty in structs.get(name, []):
            key = f"{prefix}{field}"
            keys.add(key)
            if ty.strip() in structs and ty.strip().endswith("Config") and depth < 4:
                walk(ty.strip(), key + ".", depth + 1)
            elif ty.strip().endswith("Config") and ty.strip() in structs:
                pass

    walk("Config", "", 0)
    return keys


STRUCT_KEYS: set[str] = set()


def toml_errors(layer: dict, default: dict, where: str) -> list[str]:
    """Every key of a --config layer must exist in config/default.toml with the same type."""
    errors = []
    known = flatten(default)
    for key, value in flatten(layer).items():
        if any(key.startswith(t + ".") for t in FREE_TABLES):
            if not isinstance(value, str):
                errors.append(f"{where}: [{key.rsplit('.', 1)[0]}] \"{key.split('.', 2)[2]}\": librdkafka properties are strings")
            continue
        if key not in known and key not in STRUCT_KEYS:
            errors.append(f"{where}: unknown key `{key}` (not in config/default.toml nor the config structs; sift rejects unknown keys)")
            continue
        if key not in known:
            continue
        dv = known[key]
        if isinstance(dv, bool) != isinstance(value, bool) or (
            not isinstance(dv, bool) and type(dv) is not type(value)
            and not (isinstance(dv, (int, float)) and isinstance(value, (int, float)))
        ):
            errors.append(f"{where}: `{key}` is {type(value).__name__}, default.toml has {type(dv).__name__}")
    return errors


def sift_metric_names(metrics_rs: Path) -> tuple[set[str], set[str]]:
    """(every series name sift exports, histogram base names) from src/metrics.rs."""
    src = metrics_rs.read_text()
    names, hists = set(), set()
    for m in re.finditer(r'reg\.(\w+)\(\s*"(sift_\w+)"', src):
        kind, name = m.groups()
        if kind.startswith("histogram"):
            hists.add(name)
            names.update({name + "_bucket", name + "_sum", name + "_count"})
        else:
            names.add(name)
    names.update(re.findall(r'Opts::new\(\s*"(sift_\w+)"', src))
    return names | PROCESS_METRICS | {"up"}, hists


PROMQL_WORDS = {
    "by", "without", "on", "ignoring", "group_left", "group_right", "offset", "bool", "and",
    "or", "unless", "le", "inf", "nan",
}


def promql_metric_names(expr: str) -> set[str]:
    """Metric names in a PromQL expression (identifiers not followed by '(' and not inside
    label matchers, grouping clauses or strings)."""
    e = re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)          # strings
    e = re.sub(r"\{[^}]*\}", "{}", e)                      # label matchers
    e = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", e)
    e = re.sub(r"\[[^\]]*\]", "[]", e)                     # ranges
    names = set()
    for m in re.finditer(r"(?<![\w.$])([a-zA-Z_:][\w:]*)\s*(\()?", e):
        word, call = m.group(1), m.group(2)
        if call or word.lower() in PROMQL_WORDS:
            continue
        names.add(word)
    return names


# ---------------------------------------------------------------------------- kubernetes

def kustomize_build(kustomize: str, path: Path):
    p = subprocess.run([kustomize, "build", str(path)], capture_output=True, text=True)
    if p.returncode != 0:
        return [p.stderr.strip() or f"kustomize exit {p.returncode}"], None
    return [], load_docs(p.stdout)


def schema_validate(docs: list[dict], versions: list[str]):
    import kubernetes_validate.utils as kv
    errors = []
    for doc in docs:
        if api_group(doc) in CRD_GROUPS:
            continue
        for v in versions:
            try:
                kv.validate(doc, v, strict=True)
            except kv.ValidationError as e:
                path = ".".join(str(p) for p in e.path)
                errors.append(f"{kind_name(doc)} against {v}: {path}: {e.message}")
            except kv.SchemaNotFoundError as e:
                errors.append(f"{kind_name(doc)}: no schema for {doc.get('apiVersion')} in {v} ({e})")
    return errors, None


IMAGE_ENV: dict[str, str] = {}


def dockerfile_env(path: Path) -> dict[str, str]:
    """ENV of the Dockerfile's final stage: SIFT__ variables there override the --config file."""
    if not path.exists():
        return {}
    text = re.sub(r"\\\n", " ", path.read_text())
    env: dict[str, str] = {}
    for line in text.splitlines():
        line = line.strip()
        if re.match(r"(?i)^FROM\s", line):
            env = {}
        m = re.match(r"(?i)^ENV\s+(.*)$", line)
        if m:
            for k, v in re.findall(r'(\w+)=("[^"]*"|\S+)', m.group(1)):
                env[k] = v.strip('"')
    return env


def apply_env(cfg: dict, env: dict[str, str]) -> dict:
    """SIFT__SECTION__KEY=value layered over cfg, as the config crate does."""
    for name, value in env.items():
        if not name.startswith("SIFT__"):
            continue
        path = name[len("SIFT__"):].lower().split("__")
        t = cfg
        for p in path[:-1]:
            t = t.setdefault(p, {})
        old = t.get(path[-1])
        t[path[-1]] = (int(value) if isinstance(old, int) and not isinstance(old, bool) and value.isdigit()
                       else value.lower() == "true" if isinstance(old, bool) else value)
    return cfg


def effective_config(docs: list[dict], default: dict, pod_env: dict[str, str] | None = None):
    """The sift config the rendered pods run with: default.toml, the mounted --config layer,
    then the image's SIFT__ ENV (Dockerfile) and the pod's literal SIFT__ env values."""
    for doc in docs:
        if doc.get("kind") == "ConfigMap" and "sift.toml" in doc.get("data", {}):
            layer = tomllib.loads(doc["data"]["sift.toml"])
            cfg = json.loads(json.dumps(merge(default, layer)))
            cfg = apply_env(cfg, {**IMAGE_ENV, **(pod_env or {})})
            return cfg, layer
    return None, None


def pod_templates(docs):
    for doc in docs:
        if doc.get("kind") in ("Deployment", "StatefulSet"):
            yield doc, doc["spec"]["template"]


def by_kind(docs, kind):
    return {d["metadata"]["name"]: d for d in docs if d.get("kind") == kind}


def crd_structure(docs: list[dict], default: dict, name: str):
    """KEDA objects are CRDs: no schema in kubernetes-validate, so check their shape here."""
    errors = []
    workloads = {**by_kind(docs, "Deployment"), **by_kind(docs, "StatefulSet")}
    auths = by_kind(docs, "TriggerAuthentication")
    secrets = by_kind(docs, "Secret")
    cfg, _ = effective_config(docs, default)
    for doc in docs:
        if api_group(doc) not in CRD_GROUPS:
            continue
        kn = kind_name(doc)
        if doc.get("apiVersion") != "keda.sh/v1alpha1":
            errors.append(f"{kn}: apiVersion {doc.get('apiVersion')}, expected keda.sh/v1alpha1")
        if not doc.get("metadata", {}).get("name"):
            errors.append(f"{kn}: metadata.name missing")
        spec = doc.get("spec") or {}
        if doc["kind"] == "ScaledObject":
            allowed = {"scaleTargetRef", "minReplicaCount", "maxReplicaCount", "pollingInterval",
                       "cooldownPeriod", "idleReplicaCount", "initialCooldownPeriod", "advanced",
                       "triggers", "fallback"}
            for k in set(spec) - allowed:
                errors.append(f"{kn}: unknown spec field {k}")
            ref = spec.get("scaleTargetRef") or {}
            target = workloads.get(ref.get("name"))
            if target is None or ref.get("kind", "Deployment") != target["kind"]:
                errors.append(f"{kn}: scaleTargetRef {ref} names no {ref.get('kind', 'Deployment')} in this build")
            lo, hi = spec.get("minReplicaCount", 0), spec.get("maxReplicaCount", 100)
            if not (isinstance(lo, int) and isinstance(hi, int) and 0 <= lo <= hi):
                errors.append(f"{kn}: minReplicaCount {lo} / maxReplicaCount {hi}")
            if isinstance(hi, int) and hi > INPUT_PARTITIONS:
                errors.append(f"{kn}: maxReplicaCount {hi} exceeds the input topic's {INPUT_PARTITIONS} partitions")
            triggers = spec.get("triggers") or []
            if not triggers:
                errors.append(f"{kn}: no triggers")
            for i, t in enumerate(triggers):
                md = t.get("metadata") or {}
                if t.get("type") != "kafka":
                    errors.append(f"{kn}: trigger {i} type {t.get('type')}, expected kafka")
                    continue
                for k, v in md.items():
                    if not isinstance(v, str):
                        errors.append(f"{kn}: trigger metadata {k} must be a string, got {v!r}")
                for k in ("bootstrapServers", "consumerGroup", "topic", "lagThreshold"):
                    if not md.get(k):
                        errors.append(f"{kn}: trigger metadata {k} missing")
                if not str(md.get("lagThreshold", "")).isdigit() or int(md.get("lagThreshold", "0")) <= 0:
                    errors.append(f"{kn}: lagThreshold must be a positive integer string")
                if cfg:
                    k = cfg["kafka"]
                    if md.get("bootstrapServers") != k["brokers"]:
                        errors.append(f"{kn}: bootstrapServers {md.get('bootstrapServers')!r} != sift's [kafka] brokers {k['brokers']!r}")
                    if md.get("consumerGroup") != k["group_id"]:
                        errors.append(f"{kn}: consumerGroup {md.get('consumerGroup')!r} != sift's [kafka] group_id {k['group_id']!r}")
                    if md.get("topic") not in k["input_topics"]:
                        errors.append(f"{kn}: topic {md.get('topic')!r} not in sift's [kafka] input_topics {k['input_topics']}")
                auth = (t.get("authenticationRef") or {}).get("name")
                if auth and auth not in auths:
                    errors.append(f"{kn}: authenticationRef {auth} names no TriggerAuthentication in this build")
        elif doc["kind"] == "TriggerAuthentication":
            for ref in spec.get("secretTargetRef") or []:
                if ref.get("parameter") not in {"sasl", "username", "password", "tls", "ca", "cert", "key", "keyPassword", "oauthTokenEndpointUri", "scopes"}:
                    errors.append(f"{kn}: unknown kafka parameter {ref.get('parameter')}")
                sname = ref.get("name")
                if sname in secrets:
                    if ref.get("key") not in (secrets[sname].get("data") or {}):
                        errors.append(f"{kn}: Secret {sname} has no key {ref.get('key')}")
                elif sname not in OUT_OF_BAND_SECRETS:
                    errors.append(f"{kn}: secretTargetRef {sname} names no Secret in this build")
        else:
            errors.append(f"{kn}: unexpected KEDA kind")
    return errors, None


def workload_policy(docs: list[dict], default: dict, name: str):
    """What the issue asks of sift's pods, on the rendered manifests."""
    errors = []
    cfg, layer = effective_config(docs, default)
    if cfg is None:
        return [f"{name}: no ConfigMap with a sift.toml key"], None
    errors += toml_errors(layer, default, f"{name} ConfigMap sift.toml")
    cms, secrets = by_kind(docs, "ConfigMap"), by_kind(docs, "Secret")
    workloads = list(pod_templates(docs))
    if not workloads:
        errors.append(f"{name}: no Deployment or StatefulSet")
    port = int(cfg["http"]["listen"].rsplit(":", 1)[1])
    for wl, tmpl in workloads:
        kn = kind_name(wl)
        pod = tmpl["spec"]
        labels = tmpl["metadata"].get("labels", {})
        if wl["spec"]["selector"]["matchLabels"].items() - labels.items():
            errors.append(f"{kn}: selector does not match the pod labels")
        psc = pod.get("securityContext", {})
        if not psc.get("runAsNonRoot") or psc.get("runAsUser", 1) == 0:
            errors.append(f"{kn}: pod must run as non-root (runAsNonRoot, non-zero runAsUser)")
        grace = pod.get("terminationGracePeriodSeconds", 30)
        drain = cfg["service"]["shutdown_timeout_secs"]
        if grace <= drain:
            errors.append(f"{kn}: terminationGracePeriodSeconds {grace} must exceed [service] shutdown_timeout_secs {drain}")
        volumes = {v["name"]: v for v in pod.get("volumes", [])}
        claims = {c["metadata"]["name"] for c in wl["spec"].get("volumeClaimTemplates", [])}
        for v in volumes.values():
            if "configMap" in v and v["configMap"]["name"] not in cms:
                errors.append(f"{kn}: volume {v['name']} names ConfigMap {v['configMap']['name']}, not in this build")
        containers = pod.get("containers", [])
        sift = [c for c in containers if c["name"] == "sift"]
        if len(sift) != 1:
            errors.append(f"{kn}: no container named sift")
            continue
        c = sift[0]
        literal_env = {e["name"]: e["value"] for e in c.get("env", []) if "value" in e}
        cfg, _ = effective_config(docs, default, literal_env)
        port = int(cfg["http"]["listen"].rsplit(":", 1)[1])
        csc = c.get("securityContext", {})
        if csc.get("readOnlyRootFilesystem") is not True:
            errors.append(f"{kn}: readOnlyRootFilesystem must be true")
        if csc.get("allowPrivilegeEscalation") is not False:
            errors.append(f"{kn}: allowPrivilegeEscalation must be false")
        if "ALL" not in (csc.get("capabilities", {}).get("drop") or []):
            errors.append(f"{kn}: capabilities must drop ALL")
        res = c.get("resources", {})
        for part in ("requests", "limits"):
            for r in ("cpu", "memory"):
                if r not in res.get(part, {}):
                    errors.append(f"{kn}: resources.{part}.{r} missing")
        ports = {p.get("name"): p["containerPort"] for p in c.get("ports", [])}
        if ports.get("metrics") != port:
            errors.append(f"{kn}: container port `metrics` must be {port} ([http] listen), got {ports.get('metrics')}")
        for probe, path in (("livenessProbe", "/healthz"), ("readinessProbe", "/readyz")):
            hg = (c.get(probe) or {}).get("httpGet") or {}
            if hg.get("path") != path or hg.get("port") not in ("metrics", port):
                errors.append(f"{kn}: {probe} must GET {path} on port metrics, got {hg}")
        args = c.get("args", []) + c.get("command", [])
        try:
            cfg_path = args[args.index("--config") + 1]
        except (ValueError, IndexError):
            errors.append(f"{kn}: sift must run with --config FILE")
            cfg_path = None
        if args[:1] != ["run"] and not c.get("command"):
            errors.append(f"{kn}: args must start with `run`, got {args}")
        mounts = {m["mountPath"]: m for m in c.get("volumeMounts", [])}
        if cfg_path:
            d, f = cfg_path.rsplit("/", 1)
            m = mounts.get(d)
            v = volumes.get(m["name"]) if m else None
            items = {i["path"]: i["key"] for i in ((v or {}).get("configMap") or {}).get("items", [])}
            if not v or "configMap" not in v or items.get(f, f) != "sift.toml":
                errors.append(f"{kn}: {cfg_path} is not the ConfigMap's sift.toml")
        if "/tmp" not in mounts or "emptyDir" not in volumes.get(mounts["/tmp"]["name"], {}):
            errors.append(f"{kn}: /tmp must be an emptyDir (the root filesystem is read-only)")
        # DedupConfig's defaults (src/dedup/config.rs) where default.toml has no [dedup].
        dedup = {"enabled": True, "store": "embedded", "data_dir": "data/dedup", **cfg.get("dedup", {})}
        data_dir = str(dedup["data_dir"]).rstrip("/")
        # The volume mounted at data_dir or at the nearest directory above it.
        dm = next((mounts[p] for p in sorted(mounts, key=len, reverse=True)
                   if data_dir == p.rstrip("/") or data_dir.startswith(p.rstrip("/") + "/")), None)
        if dedup["store"] == "redis" and not str(dedup.get("redis_url", "")).startswith(("redis://", "rediss://")) and "SIFT__DEDUP__REDIS_URL" not in {e["name"] for e in c.get("env", [])}:
            errors.append(f"{kn}: [dedup] store = redis needs a redis_url")
        if dedup["enabled"] and dedup["store"] == "embedded":
            if not dm or dm["mountPath"] == "/":
                errors.append(f"{kn}: [dedup] data_dir {data_dir} is not on a mounted volume (read-only root filesystem)")
            elif wl["kind"] != "StatefulSet" or dm["name"] not in claims:
                errors.append(f"{kn}: the embedded dedup store needs a PersistentVolumeClaim per replica (StatefulSet volumeClaimTemplates) at {data_dir}")
        env = {e["name"]: e for e in c.get("env", [])}
        for n in SASL_ENV:
            ref = (env.get(n, {}).get("valueFrom") or {}).get("secretKeyRef")
            if not ref:
                errors.append(f"{kn}: {n} must come from a Secret")
        for n, e in env.items():
            if n.startswith("SIFT__"):
                key = n[len("SIFT__"):].lower().replace("__", ".")
                if key not in flatten(default) and key not in STRUCT_KEYS:
                    errors.append(f"{kn}: env {n} sets `{key}`, not a key of config/default.toml")
            elif n.startswith("SIFT_") and n not in SASL_ENV:
                errors.append(f"{kn}: env {n} is not a variable sift reads")
            ref = (e.get("valueFrom") or {}).get("secretKeyRef")
            if ref:
                s = secrets.get(ref["name"])
                if s is None and ref["name"] not in OUT_OF_BAND_SECRETS:
                    errors.append(f"{kn}: env {n} names Secret {ref['name']}, not in this build")
                if s is not None and ref["key"] not in (s.get("data") or {}) and not ref.get("optional"):
                    errors.append(f"{kn}: env {n}: Secret {ref['name']} has no key {ref['key']}")
        for m in c.get("volumeMounts", []):
            if m["name"] not in volumes and m["name"] not in claims:
                errors.append(f"{kn}: volumeMount {m['name']} has no volume")
    # Services, PDBs and HPAs select / target what exists.
    pod_labels = [t["metadata"].get("labels", {}) for _, t in workloads]
    for kind in ("Service", "PodDisruptionBudget"):
        for d in by_kind(docs, kind).values():
            sel = d["spec"].get("selector", {})
            sel = sel.get("matchLabels", sel) if kind == "PodDisruptionBudget" else sel
            if not any(sel.items() <= lab.items() for lab in pod_labels):
                errors.append(f"{kind_name(d)}: selector {sel} matches no pod of this build")
    for d in by_kind(docs, "HorizontalPodAutoscaler").values():
        ref = d["spec"]["scaleTargetRef"]
        if not any(w["kind"] == ref["kind"] and w["metadata"]["name"] == ref["name"] for w, _ in workloads):
            errors.append(f"{kind_name(d)}: scaleTargetRef {ref['kind']}/{ref['name']} not in this build")
        if d["spec"]["maxReplicas"] > INPUT_PARTITIONS:
            errors.append(f"{kind_name(d)}: maxReplicas exceeds the input topic's {INPUT_PARTITIONS} partitions")
    autoscalers = [d for d in docs if d.get("kind") in ("HorizontalPodAutoscaler", "ScaledObject")]
    for wl, _ in workloads:
        if wl["kind"] == "Deployment" and autoscalers and "replicas" in wl["spec"]:
            errors.append(f"{kind_name(wl)}: sets replicas although an autoscaler owns them")
    if len(autoscalers) > 1:
        errors.append("more than one autoscaler (HPA and ScaledObject) for the same pods")
    return errors, None


def template_drift(deployment_docs: list[dict], statefulset_docs: list[dict]):
    """The StatefulSet variant repeats the Deployment's pod template: they must not drift."""
    dep = next((t for w, t in pod_templates(deployment_docs) if w["kind"] == "Deployment"), None)
    sts = next((t for w, t in pod_templates(statefulset_docs) if w["kind"] == "StatefulSet"), None)
    if not dep or not sts:
        return ["a Deployment (base) and a StatefulSet (variant) are both needed"], None

    def norm(t):
        t = json.loads(json.dumps(t))
        spec = t["spec"]
        spec["volumes"] = [v for v in spec.get("volumes", []) if v["name"] != "data"]
        spec.get("securityContext", {}).pop("fsGroupChangePolicy", None)
        for v in spec["volumes"]:  # generated names differ by content hash
            if "configMap" in v:
                v["configMap"]["name"] = re.sub(r"-[a-z0-9]{10}$", "", v["configMap"]["name"])
        return t

    a, b = norm(dep), norm(sts)
    errors = []
    for key in sorted(set(a["spec"]) | set(b["spec"])):
        if a["spec"].get(key) != b["spec"].get(key):
            errors.append(f"pod spec `{key}` differs between the base Deployment and the StatefulSet")
    if a["metadata"] != b["metadata"]:
        errors.append("pod template metadata differs between the base Deployment and the StatefulSet")
    return errors, None


# ---------------------------------------------------------------------------- sift config

def config_layers(root: Path, default: dict):
    errors = []
    files = sorted((root / "deploy").rglob("*.toml"))
    if not files:
        errors.append("no deploy/**/*.toml")
    for f in files:
        try:
            layer = tomllib.loads(f.read_text())
        except tomllib.TOMLDecodeError as e:
            errors.append(f"{f.relative_to(root)}: {e}")
            continue
        errors += toml_errors(layer, default, str(f.relative_to(root)))
    sift_bin = os.environ.get("SIFT_BIN")
    if sift_bin:  # the real parser, once the binary exists: `sift check-config`
        for f in files:
            p = subprocess.run([sift_bin, "check-config", "--config", str(f)], capture_output=True, text=True)
            if p.returncode != 0:
                errors.append(f"{f.relative_to(root)}: sift check-config: {p.stderr.strip()[-500:]}")
    return errors, None


# ---------------------------------------------------------------------------- prometheus

def promtool(args: list[str], cwd: Path):
    p = subprocess.run(args, capture_output=True, text=True, cwd=cwd)
    if p.returncode != 0:
        return [(p.stdout + p.stderr).strip()[-3000:]], None
    return [], None


def alerts_structure(root: Path, exported: set[str]):
    errors = []
    rules = yaml.safe_load((root / "deploy/prometheus/alerts.yml").read_text())
    tests = yaml.safe_load((root / "deploy/prometheus/alerts_test.yml").read_text())
    alerts = {}
    for g in rules["groups"]:
        for r in g["rules"]:
            if "alert" in r:
                alerts[r["alert"]] = r
    fires, silent = set(), set()
    for t in tests.get("tests", []):
        for c in t.get("alert_rule_test", []):
            (fires if c.get("exp_alerts") else silent).add(c["alertname"])
    for a, r in alerts.items():
        ann = r.get("annotations", {})
        for k in ("summary", "description", "runbook"):
            if not ann.get(k):
                errors.append(f"{a}: annotation {k} missing")
        if r.get("labels", {}).get("severity") not in ("warning", "critical"):
            errors.append(f"{a}: label severity must be warning or critical")
        if a not in fires:
            errors.append(f"{a}: no unit test where it fires")
        if a not in silent:
            errors.append(f"{a}: no unit test where it must not fire")
        if 'job="sift"' not in r["expr"]:
            errors.append(f"{a}: expression must select job=\"sift\"")
        for m in promql_metric_names(r["expr"]) - exported:
            errors.append(f"{a}: metric {m} is not exported by sift (src/metrics.rs)")
    exprs = " ".join(r["expr"] for r in alerts.values())
    for what, needle in ALERTS_MUST_HAVE.items():
        if needle not in exprs:
            errors.append(f"no alert for {what} (nothing uses {needle})")
    return errors, None


# ---------------------------------------------------------------------------- grafana

def walk_panels(panels):
    for p in panels:
        yield p
        yield from walk_panels(p.get("panels", []))


def dashboard(root: Path, exported: set[str]):
    errors = []
    path = root / "deploy/grafana/sift-dashboard.json"
    d = json.loads(path.read_text())
    tvars = {v["name"]: v for v in d.get("templating", {}).get("list", [])}
    ds = tvars.get("datasource")
    if not ds or ds.get("type") != "datasource" or ds.get("query") != "prometheus":
        errors.append("templating needs a `datasource` variable of type datasource, query prometheus")
    ok_uids = {"${datasource}", "$datasource"}
    ids, seen = set(), set()
    for p in walk_panels(d.get("panels", [])):
        if p.get("type") == "row":
            continue
        title = p.get("title", "?")
        if p.get("id") in ids:
            errors.append(f"panel {title}: duplicate id {p.get('id')}")
        ids.add(p.get("id"))
        if (p.get("datasource") or {}).get("uid") not in ok_uids:
            errors.append(f"panel {title}: datasource must be ${{datasource}}, got {p.get('datasource')}")
        targets = p.get("targets") or []
        if not targets:
            errors.append(f"panel {title}: no targets")
        for t in targets:
            if (t.get("datasource") or {}).get("uid", "${datasource}") not in ok_uids:
                errors.append(f"panel {title}: target datasource must be ${{datasource}}")
            expr = t.get("expr", "")
            if not expr:
                errors.append(f"panel {title}: target {t.get('refId')} has no expr")
            names = promql_metric_names(expr)
            seen |= names
            for m in names - exported:
                errors.append(f"panel {title}: metric {m} is not exported by sift (src/metrics.rs)")
            if 'job="sift"' not in expr:
                errors.append(f"panel {title}: expr must select job=\"sift\": {expr}")
    for v in tvars.values():
        if v.get("type") == "query" and (v.get("datasource") or {}).get("uid") not in ok_uids:
            errors.append(f"variable {v['name']}: datasource must be ${{datasource}}")
    text = path.read_text()
    for m in re.finditer(r'"uid":\s*"([^"]*)"', text):
        if m.group(1) not in ok_uids | {d.get("uid"), "-- Grafana --"}:
            errors.append(f"hard-coded datasource uid {m.group(1)!r}")
    for m in DASHBOARD_MUST_SHOW:
        if m not in seen:
            errors.append(f"no panel shows {m}")
    return errors, None


# ---------------------------------------------------------------------------- compose

def compose(root: Path):
    errors = []
    base = root / "deploy"
    c = yaml.safe_load((base / "compose.yaml").read_text())
    services = c.get("services", {})
    for need in ("kafka", "redis", "sift", "prometheus", "grafana"):
        if need not in services:
            errors.append(f"service {need} missing")
    if "apache/kafka" not in str(services.get("kafka", {}).get("image", "")):
        errors.append("kafka must use the apache/kafka image (KRaft)")
    if "KAFKA_PROCESS_ROLES" not in (services.get("kafka", {}).get("environment") or {}):
        errors.append("kafka must run in KRaft mode (KAFKA_PROCESS_ROLES)")
    declared_volumes = set(c.get("volumes") or {})
    for name, s in services.items():
        if "image" not in s and "build" not in s:
            errors.append(f"{name}: neither image nor build")
        b = s.get("build")
        if b is not None:
            ctx = b if isinstance(b, str) else b.get("context", ".")
            if not (base / ctx).is_dir():
                errors.append(f"{name}: build context {ctx} does not exist")
        deps = s.get("depends_on") or []
        for dep in (deps if isinstance(deps, list) else deps.keys()):
            if dep not in services:
                errors.append(f"{name}: depends_on unknown service {dep}")
        for v in s.get("volumes") or []:
            src = v.split(":")[0] if isinstance(v, str) else v.get("source", "")
            if src.startswith((".", "/")):
                if not (base / src).exists():
                    errors.append(f"{name}: bind mount source {src} does not exist")
            elif src not in declared_volumes:
                errors.append(f"{name}: named volume {src} not declared")
    sift = services.get("sift", {})
    toml_mount = next((v for v in sift.get("volumes", []) if isinstance(v, str) and v.endswith(":/etc/sift/sift.toml:ro")), None)
    if not toml_mount or "--config" not in sift.get("command", []):
        errors.append("sift: must mount its sift.toml at /etc/sift/sift.toml and run with --config")
    prom = yaml.safe_load((base / "prometheus/prometheus.yml").read_text())
    jobs = {j["job_name"]: j for j in prom.get("scrape_configs", [])}
    if "sift" not in jobs or "sift:9464" not in str(jobs["sift"]):
        errors.append("prometheus.yml: job `sift` must scrape sift:9464")
    for f in (base / "grafana/provisioning").rglob("*.yml"):
        yaml.safe_load(f.read_text())
    docker = shutil.which("docker")
    if docker:
        p = subprocess.run([docker, "compose", "version"], capture_output=True, text=True)
        if p.returncode == 0:
            p = subprocess.run([docker, "compose", "-f", str(base / "compose.yaml"), "config", "-q"], capture_output=True, text=True)
            if p.returncode != 0:
                errors.append(f"docker compose config: {p.stderr.strip()}")
    return errors, None


# ---------------------------------------------------------------------------- main

def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", required=True, type=Path)
    ap.add_argument("--kustomize", required=True)
    ap.add_argument("--promtool", default="promtool")
    ap.add_argument("--k8s-versions", default="1.30.0,1.37.0")
    a = ap.parse_args()
    root = a.root.resolve()
    versions = [v for v in a.k8s_versions.split(",") if v]
    t0 = time.monotonic()
    checks = Checks()

    default = tomllib.loads((root / "config/default.toml").read_text())
    STRUCT_KEYS.update(struct_keys(root / "src"))
    IMAGE_ENV.update(dockerfile_env(root / "Dockerfile"))
    exported, _ = sift_metric_names(root / "src/metrics.rs")

    kroot = root / "deploy/kubernetes"
    targets = [kroot / "base"] + sorted(p for p in (kroot / "overlays").iterdir() if (p / "kustomization.yaml").exists())
    renders = {}
    for t in targets:
        name = str(t.relative_to(kroot))
        docs = checks.run(f"kustomize build {name}", kustomize_build, a.kustomize, t)
        if docs is None:
            continue
        renders[name] = docs
        checks.run(f"kubernetes schemas {name} ({', '.join(versions)}; CRDs skipped)", schema_validate, docs, versions)
        checks.run(f"KEDA objects {name} (structure, references)", crd_structure, docs, default, name)
        checks.run(f"workload policy {name}", workload_policy, docs, default, name)
    if "base" in renders and "overlays/statefulset-embedded" in renders:
        checks.run("StatefulSet pod template matches the base Deployment's", template_drift,
                   renders["base"], renders["overlays/statefulset-embedded"])
    checks.run("sift config layers (deploy/**/*.toml) against config/default.toml", config_layers, root, default)

    prom = root / "deploy/prometheus"
    checks.run("promtool check rules alerts.yml", promtool, [a.promtool, "check", "rules", "alerts.yml"], prom)
    checks.run("promtool test rules alerts_test.yml", promtool, [a.promtool, "test", "rules", "alerts_test.yml"], prom)
    checks.run("promtool check config prometheus.yml", promtool, [a.promtool, "check", "config", "prometheus.yml"], prom)
    checks.run("alerts: runbooks, severities, firing and silent tests, exported metrics", alerts_structure, root, exported)
    checks.run("grafana dashboard: JSON, ${datasource}, exported metrics, coverage", dashboard, root, exported)
    checks.run("compose.yaml: parse, services, mounts, scrape config", compose, root)

    print(f"check-deploy: finished in {time.monotonic() - t0:.1f}s ({checks.skipped} skipped)")
    print(f"check-deploy: {checks.passed} passed, {checks.failed} failed")
    return 1 if checks.failed else 0


if __name__ == "__main__":
    sys.exit(main())
