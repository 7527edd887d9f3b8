#!/usr/bin/env python3
"""Trains sift's block model and page-type model, with cross-validation grouped by domain.

    training/retrain            # the one documented command (dumps features, then runs this)

or, with feature dumps already written by `examples/dump_features.rs`:

    python3 training/train.py --wcxb-dump DIR --te-dump DIR --out DIR [--model-file PATH]

Labels:
- wcxb-dev: a block is main content when most of its word trigrams occur in the page's
  reference text (`main_content`); blocks of one or two words when they occur there as a
  phrase. Block weights sum to the same total on every page, by words, as the benchmark
  scores pages, not words.
- trafilatura-eval: a block holding (or held by) a "with" snippet is main content, one holding a
  "without" snippet is not; other blocks carry no label and are left out.
- page type: wcxb-dev's `page_type`.

Folds: every page's domain (URL host without `www.`) is assigned to one of K folds by a hash of
the domain, over both corpora, so no domain is in both a training and a validation fold. One
model per fold is trained on the other folds (`fold<k>.model`, with `fold<k>.files`: the held-out
page files) for out-of-fold evaluation with `sift extract --model`; the shipped model is trained
on all pages.

Stacking: both forests read the page's words' vote on its type (a logistic model over hashed
word frequencies, trained on wcxb-dev's page types), and the page-type forest reads a summary of
the block forest's probabilities. A page's vote in a fold's training rows comes from a model
that saw neither the page's fold nor the held-out one, and the summary from out-of-fold block
probabilities, so the forests learn from inputs as noisy as an unseen page's.

LightGBM runs single-threaded and deterministic with fixed seeds: the same dumps give the same
model file.
"""

import argparse
import hashlib
import json
import os
import re
import sys
from collections import Counter
from urllib.parse import urlparse

import lightgbm as lgb
import numpy as np
from sklearn.linear_model import LogisticRegression

FOLDS = 5
SEED = 18
PAGE_TYPES = ["article", "forum", "product", "collection", "listing", "documentation", "service"]
BLOCK_PARAMS = dict(
    objective="binary", learning_rate=0.08, num_leaves=31, min_data_in_leaf=40,
    feature_fraction=0.8, bagging_fraction=0.8, bagging_freq=1, lambda_l2=1.0,
    seed=SEED, deterministic=True, force_row_wise=True, num_threads=1, verbose=-1,
)
BLOCK_ROUNDS = 250
# The block model is the mean of forests trained alike but for the seed that draws their rows
# and features (bagging), which evens out how much each one's trees owe to its draw. Out of
# fold, on 4b22f5c's features: one forest, wcxb-dev 0.8681, trafilatura-eval F1 0.9532; the
# mean of two, 0.8693 and 0.9552; of three, 0.8691 and 0.9551; two of 125 rounds each, 0.8685
# and 0.9518.
BLOCK_SEEDS = 2
# Page type: 1,497 pages and about 1,290 features, so small trees, each seeing 30% of the features.
# Grouped 5-fold accuracy of the settings tried (same folds): 15 leaves, 150 rounds, min 10,
# features 0.7: 0.825; 7 leaves, 500 rounds: 0.837; 4 leaves, 600 rounds: 0.834; these: 0.838.
PAGE_PARAMS = dict(
    objective="multiclass", num_class=len(PAGE_TYPES), learning_rate=0.08, num_leaves=7,
    min_data_in_leaf=20, feature_fraction=0.3, bagging_fraction=0.8, bagging_freq=1,
    lambda_l2=1.0, seed=SEED, deterministic=True, force_row_wise=True, num_threads=1, verbose=-1,
)
PAGE_ROUNDS = 400
# The page's words vote on its type through a multinomial logistic model over the square roots
# of its hashed word frequencies; the page-type forest reads the vote (stacked: each page's vote
# comes from a model that did not see it). Grouped 5-fold page-type accuracy, mean of seeds 18,
# 1, 2: without the vote 0.845; with it, C 30: 0.864.
WORD_VOTE = [f"words_vote_{t}" for t in PAGE_TYPES]
# The same vote at the end of every block row of the page.
PAGE_VOTE = [f"page_vote_{t}" for t in PAGE_TYPES]
WORD_C = 30.0
# Total weight of one wcxb-dev page's blocks, and of one labelled trafilatura-eval block.
WCXB_PAGE_WEIGHT = 100.0
TE_BLOCK_WEIGHT = 5.0

WORD = re.compile(r"\w+")


class Mean:
    """Boosters whose raw scores are averaged: a block model of several seeds."""

    def __init__(self, boosters):
        self.boosters = boosters

    def predict(self, x, raw_score=False):
        raw = np.mean([b.predict(x, raw_score=True) for b in self.boosters], axis=0)
        return raw if raw_score else 1.0 / (1.0 + np.exp(-raw))

    def dump_model(self):
        """All the boosters' trees as one forest's, each leaf divided by their number: the
        forest's sum is the boosters' mean."""
        def divide(node):
            if "leaf_value" in node:
                node["leaf_value"] /= len(self.boosters)
            else:
                divide(node["left_child"])
                divide(node["right_child"])
        trees = []
        for booster in self.boosters:
            for tree in booster.dump_model()["tree_info"]:
                divide(tree["tree_structure"])
                trees.append(tree)
        return {"tree_info": trees}


def train_block_model(dataset):
    return Mean([lgb.train(dict(BLOCK_PARAMS, seed=SEED + i), dataset, BLOCK_ROUNDS)
                 for i in range(BLOCK_SEEDS)])


def domain(url):
    host = urlparse(url or "").netloc.lower().split(":")[0]
    return host[4:] if host.startswith("www.") else host


def fold_of(dom):
    return int(hashlib.sha256(dom.encode()).hexdigest(), 16) % FOLDS


def norm_ws(s):
    return re.sub(r"\s+", " ", s).strip()


def page_file(name):
    """The corpus file of a dumped page (wcxb-dev pages are dumped from their envelopes)."""
    return name[: -len(".json")] + ".html" if name.endswith(".json") else name


def read_dump(path):
    with open(os.path.join(path, "names.json")) as f:
        names = json.load(f)
    blocks = []
    with open(os.path.join(path, "blocks.jsonl")) as f:
        for line in f:
            row = json.loads(line)
            row["file"] = page_file(row["file"])
            blocks.append(row)
    pages = {}
    with open(os.path.join(path, "pages.jsonl")) as f:
        for line in f:
            row = json.loads(line)
            pages[page_file(row["file"])] = row["x"]
    return names, blocks, pages


def wcxb_labels(blocks, truth):
    """Label and weight per block from the reference text of each page."""
    refs = {}
    for entry in truth.values():
        tokens = WORD.findall((entry.get("main_content") or "").lower())
        refs[entry["file"]] = (
            set(zip(tokens, tokens[1:], tokens[2:])),
            " " + " ".join(tokens) + " ",
        )
    labels, words = [], []
    for b in blocks:
        trigrams, joined = refs.get(b["file"], (set(), " "))
        tokens = WORD.findall(b["text"].lower())
        if len(tokens) >= 3:
            grams = list(zip(tokens, tokens[1:], tokens[2:]))
            hit = sum(g in trigrams for g in grams) / len(grams)
            labels.append(1 if hit >= 0.5 else 0)
        elif tokens:
            labels.append(1 if " " + " ".join(tokens) + " " in joined else 0)
        else:
            labels.append(0)
        words.append(len(tokens) + 1)
    page_words = Counter()
    for b, w in zip(blocks, words):
        page_words[b["file"]] += w
    weights = [WCXB_PAGE_WEIGHT * w / page_words[b["file"]] for b, w in zip(blocks, words)]
    return np.array(labels), np.array(weights)


def te_labels(blocks, truth):
    """Label per block from the with/without snippets; None where no snippet speaks to it."""
    snippets = {}
    for entry in truth.values():
        snippets[entry["file"]] = (
            [norm_ws(s) for s in entry.get("with") or [] if norm_ws(s)],
            [norm_ws(s) for s in entry.get("without") or [] if norm_ws(s)],
        )
    labels = []
    for b in blocks:
        text = norm_ws(b["text"])
        with_, without = snippets.get(b["file"], ([], []))
        if text and any(s in text or (len(text) >= 10 and text in s) for s in with_):
            labels.append(1)
        elif text and any(s in text for s in without):
            labels.append(0)
        else:
            labels.append(None)
    return labels


def export_forest(booster, name, feature_names, threshold, labels, classes):
    """The booster in sift's model format (see crates/sift-extract/src/content/model.rs)."""
    model = booster.dump_model()
    out = [
        f"forest {name} classes {classes} threshold {threshold!r} "
        f"labels {','.join(labels) if labels else '-'} trees {len(model['tree_info'])}",
        "features " + " ".join(feature_names),
    ]
    for tree in model["tree_info"]:
        inner = {}
        leaves = {}

        def walk(node):
            if "leaf_value" in node:
                leaves[node.get("leaf_index", 0)] = node["leaf_value"]
                return -(node.get("leaf_index", 0) + 1)
            assert node["decision_type"] == "<=", node["decision_type"]
            assert node["missing_type"] in ("None", "NaN"), node["missing_type"]
            inner[node["split_index"]] = (
                node["split_feature"], node["threshold"],
                walk(node["left_child"]), walk(node["right_child"]),
            )
            return node["split_index"]

        walk(tree["tree_structure"])
        order = range(len(inner))
        out.append(f"tree {len(leaves)}")
        out.append("f " + " ".join(str(inner[i][0]) for i in order))
        out.append("t " + " ".join(repr(float(inner[i][1])) for i in order))
        out.append("l " + " ".join(str(inner[i][2]) for i in order))
        out.append("r " + " ".join(str(inner[i][3]) for i in order))
        # Leaf values to 9 significant digits (the file stays small); thresholds exact.
        out.append("v " + " ".join(f"{leaves[i]:.9g}" for i in range(len(leaves))))
    return "\n".join(out) + "\n"


def eval_exported(text, x):
    """Raw scores of an exported forest, as the Rust evaluator computes them (a check)."""
    lines = [l.split() for l in text.splitlines() if l.strip()]
    classes = int(lines[0][lines[0].index("classes") + 1])
    trees, cur = [], None
    for l in lines[2:]:
        if l[0] == "tree":
            cur = {}
            trees.append(cur)
        else:
            cur[l[0]] = [float(v) for v in l[1:]]
    raw = np.zeros((x.shape[0], classes))
    for i, t in enumerate(trees):
        for r in range(x.shape[0]):
            if not t["f"]:
                raw[r, i % classes] += t["v"][0]
                continue
            node = 0
            while True:
                nxt = t["l"][node] if x[r, int(t["f"][node])] <= t["t"][node] else t["r"][node]
                if nxt < 0:
                    raw[r, i % classes] += t["v"][int(-nxt - 1)]
                    break
                node = int(nxt)
    return raw


def check_export(booster, text, x):
    sample = x[: min(len(x), 300)]
    ours = eval_exported(text, sample)
    theirs = booster.predict(sample, raw_score=True).reshape(len(sample), -1)
    assert np.allclose(ours, theirs, atol=1e-5), "exported model disagrees with LightGBM"


def page_f1(pred, truth_tokens):
    """The benchmark's word F1 for one page."""
    if not truth_tokens:
        return 1.0 if not pred else 0.0
    if not pred:
        return 0.0
    overlap = sum((pred & truth_tokens).values())
    if overlap == 0:
        return 0.0
    p, r = overlap / sum(pred.values()), overlap / sum(truth_tokens.values())
    return 2 * p * r / (p + r)


def approx_wcxb_f1(blocks, probs, truth, threshold):
    """Mean page word F1 of the blocks kept at `threshold` (no duplicate removal: a guide to
    the threshold; the reported figures come from `sift extract` and score_wcxb.py)."""
    kept = {}
    for b, p in zip(blocks, probs):
        if p >= threshold:
            kept.setdefault(b["file"], Counter()).update(WORD.findall(b["text"].lower()))
    scores = []
    for entry in truth.values():
        ref = Counter(WORD.findall((entry.get("main_content") or "").lower()))
        scores.append(page_f1(kept.get(entry["file"], Counter()), ref))
    return float(np.mean(scores))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--wcxb-dump", required=True)
    ap.add_argument("--te-dump", required=True)
    ap.add_argument("--wcxb-truth", required=True)
    ap.add_argument("--te-truth", required=True)
    ap.add_argument("--out", required=True, help="directory for fold models and the report")
    ap.add_argument("--model-file", help="where to write the model trained on all pages")
    args = ap.parse_args()

    wcxb_truth = json.load(open(args.wcxb_truth))
    te_truth = json.load(open(args.te_truth))
    names, wblocks, wpages = read_dump(args.wcxb_dump)
    _, tblocks, tpages = read_dump(args.te_dump)

    wcxb_domain = {e["file"]: domain(e.get("url")) or e["file"] for e in wcxb_truth.values()}
    te_domain = {e["file"]: domain(url) or e["file"] for url, e in te_truth.items()}

    wy, ww = wcxb_labels(wblocks, wcxb_truth)
    tlab = te_labels(tblocks, te_truth)
    tblocks = [b for b, l in zip(tblocks, tlab) if l is not None]
    ty = np.array([l for l in tlab if l is not None])
    x = np.array([b["x"] for b in wblocks] + [b["x"] for b in tblocks], dtype=np.float64)
    y = np.concatenate([wy, ty])
    w = np.concatenate([ww, np.full(len(ty), TE_BLOCK_WEIGHT)])
    fold = np.array(
        [fold_of(wcxb_domain[b["file"]]) for b in wblocks]
        + [fold_of(te_domain.get(b["file"], b["file"])) for b in tblocks]
    )
    print(f"blocks: wcxb {len(wblocks)} ({wy.mean():.3f} positive), "
          f"trafilatura-eval labelled {len(ty)} ({ty.mean():.3f} positive)", file=sys.stderr)

    page_files = sorted(wpages)
    type_of = {e["file"]: e["page_type"] for e in wcxb_truth.values()}
    px = np.array([wpages[f] for f in page_files], dtype=np.float64)
    py = np.array([PAGE_TYPES.index(type_of[f]) for f in page_files])
    pfold = np.array([fold_of(wcxb_domain[f]) for f in page_files])

    # The words' vote: trained on wcxb-dev's labelled pages, read by both forests. A page's vote
    # in a fold's training rows comes from a model that saw neither that page's fold nor the
    # fold held out; in the held-out rows, from the fold's own vote model, as in sift.
    words = word_inputs(px, names["page"])
    voters = fit_voters(words, py, pfold)
    te_files = sorted(tpages)
    te_words = word_inputs(np.array([tpages[f] for f in te_files], dtype=np.float64),
                           names["page"])
    te_pfold = np.array([fold_of(te_domain.get(f, f)) for f in te_files])
    # Each block's page: its row in the wcxb-dev pages, then in the trafilatura-eval ones.
    page_row = {f: i for i, f in enumerate(page_files)}
    te_row = {f: i for i, f in enumerate(te_files)}
    block_page = np.array([page_row[b["file"]] for b in wblocks]
                          + [len(page_files) + te_row[b["file"]] for b in tblocks])
    all_words = np.vstack([words, te_words])
    all_pfold = np.concatenate([pfold, te_pfold])
    vote_at = names["block"].index(PAGE_VOTE[0])
    assert names["block"][vote_at:] == PAGE_VOTE

    def with_vote(held_out):
        """The block rows with each page's vote from models that did not see it."""
        rows = x.copy()
        rows[:, vote_at:] = vote_without(voters, all_words, all_pfold, held_out)[block_page]
        return rows

    os.makedirs(args.out, exist_ok=True)
    oof = np.zeros(len(y))
    type_oof = np.zeros(len(py), dtype=int)
    threshold = 0.5
    blocks_by_fold = []
    for k in range(FOLDS):
        train, held = fold != k, fold == k
        fold_x = with_vote(k)
        block = train_block_model(lgb.Dataset(fold_x[train], y[train], weight=w[train]))
        oof[held] = block.predict(fold_x[held])
        blocks_by_fold.append((block, fold_x[held]))
    # The page-type model reads a summary of the block model's probabilities. Each page's is
    # computed from out-of-fold probabilities, as a page sift has never seen gets them.
    put_block_model_summary(px, names["page"], page_files, wblocks,
                            oof[: len(wblocks)], names["block"], threshold)
    for k, (block, held_x) in enumerate(blocks_by_fold):
        ptrain, pheld = pfold != k, pfold == k
        fold_px = px.copy()
        put_word_vote(fold_px, names["page"], vote_without(voters, words, pfold, k))
        pages = lgb.train(PAGE_PARAMS, lgb.Dataset(fold_px[ptrain], py[ptrain]), PAGE_ROUNDS)
        type_oof[pheld] = pages.predict(fold_px[pheld]).argmax(axis=1)
        write_model(os.path.join(args.out, f"fold{k}.model"), block, voters[(k,)], pages,
                    names, threshold, held_x, fold_px[pheld], words[pheld])
        held_files = sorted({f for f, d in wcxb_domain.items() if fold_of(d) == k}
                            | {f for f, d in te_domain.items() if fold_of(d) == k})
        with open(os.path.join(args.out, f"fold{k}.files"), "w") as f:
            f.write("\n".join(held_files) + "\n")
        print(f"fold {k}: {len(held_x)} blocks held out, page types "
              f"{(type_oof[pheld] == py[pheld]).mean():.3f}", file=sys.stderr)

    wmask = np.arange(len(y)) < len(wblocks)
    report = {
        "block_auc_like_accuracy": float(((oof >= threshold) == y).mean()),
        "wcxb_approx_f1_by_threshold": {
            str(t): approx_wcxb_f1(wblocks, oof[wmask], wcxb_truth, t)
            for t in (0.3, 0.4, 0.5, 0.6)
        },
        "page_type_accuracy": float((type_oof == py).mean()),
        "page_type_accuracy_by_type": {
            t: float((type_oof[py == i] == i).mean()) for i, t in enumerate(PAGE_TYPES)
        },
    }
    print(json.dumps(report, indent=1))
    with open(os.path.join(args.out, "report.json"), "w") as f:
        json.dump(report, f, indent=1)

    if args.model_file:
        all_x = with_vote(None)
        block = train_block_model(lgb.Dataset(all_x, y, weight=w))
        put_word_vote(px, names["page"], vote_without(voters, words, pfold, None))
        pages = lgb.train(PAGE_PARAMS, lgb.Dataset(px, py), PAGE_ROUNDS)
        write_model(args.model_file, block, voters[()], pages, names, threshold, all_x, px,
                    words)


def word_columns(page_names):
    """Positions of the page's hashed word frequencies (`word<b>`) among the page features."""
    return [i for i, n in enumerate(page_names) if re.fullmatch(r"word\d+", n)]


def word_inputs(px, page_names):
    """What the word vote reads: the square roots of the page's hashed word frequencies."""
    return np.sqrt(np.clip(px[:, word_columns(page_names)], 0.0, None))


def fit_voters(words, py, pfold):
    """Vote models trained on every page (key ()), without one fold ((k,)) and without two
    ((j, k), j < k)."""
    def fit(excluded):
        keep = ~np.isin(pfold, excluded)
        return LogisticRegression(C=WORD_C, max_iter=5000).fit(words[keep], py[keep])
    voters = {(): fit([])}
    for k in range(FOLDS):
        voters[(k,)] = fit([k])
        for j in range(k):
            voters[(j, k)] = fit([j, k])
    return voters


def vote_without(voters, words, pfold, held_out):
    """Each page's vote from the model that saw neither its fold nor the fold `held_out`
    (None: its fold alone)."""
    vote = np.zeros((len(words), len(PAGE_TYPES)))
    for j in range(FOLDS):
        rows = pfold == j
        if rows.any():
            key = tuple(sorted({j} | ({held_out} if held_out is not None else set())))
            vote[rows] = voters[key].predict_proba(words[rows])
    return vote


def put_word_vote(px, page_names, vote):
    first = page_names.index(WORD_VOTE[0])
    assert page_names[first:first + len(WORD_VOTE)] == WORD_VOTE
    px[:, first:first + len(WORD_VOTE)] = vote


def export_linear(model, name, feature_names):
    """A fitted LogisticRegression in sift's model format (content/linear.rs); exact."""
    assert list(model.classes_) == list(range(len(PAGE_TYPES)))
    return "\n".join([
        f"linear {name} labels {','.join(PAGE_TYPES)}",
        "features " + " ".join(feature_names),
        "w " + " ".join(repr(float(v)) for v in model.coef_.ravel()),
        "b " + " ".join(repr(float(v)) for v in model.intercept_),
    ]) + "\n"


def check_linear_export(model, text, words):
    lines = {l.split()[0]: l.split()[1:] for l in text.splitlines()}
    w = np.array(lines["w"], dtype=float).reshape(len(PAGE_TYPES), -1)
    scores = words @ w.T + np.array(lines["b"], dtype=float)
    ours = np.exp(scores - scores.max(axis=1, keepdims=True))
    ours /= ours.sum(axis=1, keepdims=True)
    assert np.allclose(ours, model.predict_proba(words), atol=1e-9), "exported vote disagrees"


BLOCK_MODEL_SUMMARY = [
    "model_kept_block_share", "model_kept_blocks", "model_kept_char_share",
    "model_mean_probability", "model_char_mean_probability", "model_kept_mean_chars",
    "model_kept_median_chars", "model_kept_link_density", "model_kept_log_chars",
    "model_kept_heading_chars", "model_kept_paragraph_chars", "model_kept_list_chars",
    "model_kept_heading_share", "model_kept_title_runs", "model_kept_linked_chars",
    "model_kept_main_group_chars", "model_kept_log_blocks",
]
# The block columns the summary reads, and the kept headings in a row that make a title run.
SUMMARY_COLUMNS = ["chars", "link_density", "heading_level", "is_paragraph", "is_list",
                   "item_of_main_group"]
KEPT_TITLE_RUN = 3


def block_model_summary(probs, columns, threshold):
    """The same summary as `features::block_model_summary` in Rust (keep the two in step).
    `columns` holds the page's blocks' SUMMARY_COLUMNS, in block order."""
    if len(probs) == 0:
        return [0.0] * len(BLOCK_MODEL_SUMMARY)
    probs = np.array(probs)
    chars, links, heading, paragraph, listed, main_item = np.array(columns, dtype=float).T
    total = chars.sum() or 1.0
    kept = probs >= threshold
    kept_chars = chars[kept]
    kept_total = kept_chars.sum()
    share = lambda part: float((kept_chars * part[kept]).sum() / kept_total) if kept_total else 0.0
    runs, in_a_row = 0, 0
    for is_heading in heading[kept] > 0:
        in_a_row = in_a_row + 1 if is_heading else 0
        runs += in_a_row == KEPT_TITLE_RUN
    return [
        kept.sum() / len(probs), float(kept.sum()), kept_total / total, probs.mean(),
        (probs * chars).sum() / total, kept_chars.mean() if kept.any() else 0.0,
        float(np.median(kept_chars)) if kept.any() else 0.0,
        (links[kept] * kept_chars).sum() / (kept_total or 1.0), np.log1p(kept_total),
        share(heading > 0), share(paragraph > 0), share(listed > 0),
        float((heading[kept] > 0).mean()) if kept.any() else 0.0, float(runs),
        share(links > 0.5), share(main_item > 0), np.log1p(kept.sum()),
    ]


def put_block_model_summary(px, page_names, page_files, blocks, probs, block_names, threshold):
    """Writes each page's block-model summary into its columns of `px`."""
    first = page_names.index(BLOCK_MODEL_SUMMARY[0])
    assert page_names[first:first + len(BLOCK_MODEL_SUMMARY)] == BLOCK_MODEL_SUMMARY
    at = [block_names.index(c) for c in SUMMARY_COLUMNS]
    per_page = {}
    for b, p in zip(blocks, probs):
        rows = per_page.setdefault(b["file"], ([], []))
        rows[0].append(p)
        rows[1].append([b["x"][i] for i in at])
    for i, f in enumerate(page_files):
        px[i, first:first + len(BLOCK_MODEL_SUMMARY)] = block_model_summary(
            *per_page.get(f, ([], [])), threshold)


def write_model(path, block, voter, pages, names, threshold, check_x, check_px, check_words):
    block_text = export_forest(block, "block", names["block"], threshold, None, 1)
    word_names = [names["page"][i] for i in word_columns(names["page"])]
    vote_text = export_linear(voter, "page_words", word_names)
    page_text = export_forest(pages, "page_type", names["page"], 0.0, PAGE_TYPES,
                              len(PAGE_TYPES))
    check_export(block, block_text, check_x)
    check_linear_export(voter, vote_text, check_words)
    check_export(pages, page_text, check_px)
    with open(path, "w") as f:
        f.write("sift-gbdt 2\n" + block_text + vote_text + page_text)


if __name__ == "__main__":
    main()
