#!/usr/bin/env python3
"""Out-of-fold evaluation: each fold's model extracts the pages held out of its training, with
`sift extract --model`, and the concatenated outputs are scored by the shared scorers.

    python3 training/oof_eval.py --cv DIR [--sift target/release/sift] [--baseline]

DIR holds `fold<k>.model` and `fold<k>.files` from training/train.py. Writes DIR/oof-wcxb.jsonl
and DIR/oof-te.jsonl and runs score_wcxb.py and score_segments.py on them (`--baseline` adds
trafilatura 2.3.1 in the same run).
"""

import argparse
import glob
import json
import os
import subprocess
import sys

SHARED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared")


def corpus(name, tools):
    return subprocess.check_output([os.path.join(tools, "corpus"), name], text=True).strip()


def extract(sift, model, paths, out):
    for start in range(0, len(paths), 500):
        subprocess.run(
            [sift, "extract", "--model", model, "--format", "jsonl", "--", *paths[start:start + 500]],
            stdout=out, stderr=subprocess.DEVNULL, check=True,
        )


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cv", required=True)
    ap.add_argument("--sift", default="target/release/sift")
    ap.add_argument("--shared", default=os.environ.get("SIFT_SHARED", SHARED))
    ap.add_argument("--baseline", action="store_true")
    args = ap.parse_args()
    tools = os.path.join(args.shared, "tools")
    wcxb_dir, te_dir = corpus("wcxb-dev", tools), corpus("trafilatura-eval", tools)
    env_dir = os.path.join(args.cv, "wcxb-env")
    if not os.path.isdir(env_dir):
        subprocess.run([os.path.join(tools, "score_wcxb.py"), "--make-envelopes", env_dir],
                       check=True, stdout=subprocess.DEVNULL)
    wcxb_files = {e["file"] for e in json.load(open(os.path.join(wcxb_dir, "evaldata.json"))).values()}
    te_files = {e["file"] for e in json.load(open(os.path.join(te_dir, "evaldata.json"))).values()}
    wcxb_out = open(os.path.join(args.cv, "oof-wcxb.jsonl"), "w")
    te_out = open(os.path.join(args.cv, "oof-te.jsonl"), "w")
    for model in sorted(glob.glob(os.path.join(args.cv, "fold*.model"))):
        held = open(model[: -len(".model")] + ".files").read().splitlines()
        wcxb = [os.path.join(env_dir, f[: -len(".html")] + ".json") for f in held if f in wcxb_files]
        te = [os.path.join(te_dir, f) for f in held if f in te_files and f not in wcxb_files]
        extract(args.sift, model, wcxb, wcxb_out)
        extract(args.sift, model, te, te_out)
        print(f"{os.path.basename(model)}: {len(wcxb)} wcxb-dev, {len(te)} trafilatura-eval pages",
              file=sys.stderr)
    wcxb_out.close()
    te_out.close()
    base = ["--baseline", "trafilatura"] if args.baseline else []
    subprocess.run([os.path.join(tools, "score_wcxb.py"), wcxb_out.name, *base,
                    *(["--jobs", "2"] if args.baseline else [])], check=True)
    subprocess.run([os.path.join(tools, "score_segments.py"), te_out.name, *base], check=True)


if __name__ == "__main__":
    main()
