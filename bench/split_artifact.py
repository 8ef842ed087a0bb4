#!/usr/bin/python3
"""Why the reference LR figures of ../shared/datasets are hard to reach on small class-sorted files.

    /usr/bin/python3 bench/split_artifact.py [iris.asym20 penguins.uniform10 ...]

Needs Debian's python3-sklearn (1.2.1) and build/bench/bench/labelcheck_split_probe
(cmake -S . -B build/bench -DLABELCHECK_BENCH=ON && cmake --build build/bench --target
labelcheck_split_probe). Run from the repository root. Confident Learning is always ours
(cleanlab-exact), fed through the probabilities-given mode, so only the probabilities differ.

Per file: where the flipped rows fall in scikit-learn's unshuffled StratifiedKFold(5); the
reference pipeline (scikit-learn LR, unshuffled folds, file order: reproduces the README's LR
F1); the same with the rows randomly permuted first (mean of 10 permutations); scikit-learn LR
with shuffled stratified folds (mean of 10 seeds); our logistic, kNN and log-loss blend fitted
on scikit-learn's unshuffled folds; our default (auto, 5 shuffled repeats) at seed 0 and the
mean over 10 seeds. Figures are "flagged/F1".
"""
import csv
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

DATA = '../shared/datasets/'
PROBE = 'build/bench/bench/labelcheck_split_probe'
TMP = tempfile.mkdtemp(prefix='split_artifact_')
MANIFEST = json.load(open(DATA + 'datasets.json'))
DEFAULT = ['iris.uniform10', 'iris.uniform30', 'iris.asym20', 'penguins.uniform10', 'penguins.uniform30',
           'penguins.asym20', 'breast_cancer.uniform10', 'breast_cancer.uniform30', 'breast_cancer.asym20']


def load(csv_name, label):
    rows = list(csv.reader(open(DATA + csv_name, newline='')))
    head, rows = rows[0], rows[1:]
    li = head.index(label)
    y = np.array([r[li] for r in rows])
    num, cat = [], []
    for j in (j for j in range(len(head)) if j != li):
        try:
            [float(r[j]) for r in rows if r[j] != '']
            num.append(j)
        except ValueError:
            cat.append(j)
    xn = np.array([[float(r[j]) if r[j] != '' else np.nan for j in num] for r in rows], dtype=object)
    xc = np.array([[r[j] if r[j] != '' else 'NA' for j in cat] for r in rows], dtype=object)
    return y, np.concatenate([xn.reshape(len(rows), -1), xc.reshape(len(rows), -1)], axis=1), len(num), len(cat)


def sklearn_lr(nn, nc):
    steps = [('num', make_pipeline(SimpleImputer(strategy='median'), StandardScaler()), list(range(nn)))]
    if nc:
        steps.append(('cat', OneHotEncoder(handle_unknown='ignore'), list(range(nn, nn + nc))))
    return make_pipeline(ColumnTransformer(steps), LogisticRegression(max_iter=1000))


def probe(*args):
    out = subprocess.run([PROBE, *map(str, args)], capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(out.stderr)
    return out.stdout


def flags_of(path):
    rows = list(csv.DictReader(open(path)))
    return {int(r['row']) for r in rows if r['flag'] == '1'}


def score(flagged, truth):
    hits = len(flagged & truth)
    p, r = (hits / len(flagged) if flagged else 0), hits / len(truth)
    return len(flagged), (2 * p * r / (p + r) if p + r else 0)


def cl_given(labels, probs, classes, truth):
    path = os.path.join(TMP, 'given.csv')
    with open(path, 'w') as f:
        f.write('label,' + ','.join('p_' + c for c in classes) + '\n')
        for yi, pi in zip(labels, probs):
            f.write(yi + ',' + ','.join('%.17g' % v for v in pi) + '\n')
    probe('given', path, path + '.out')
    return score(flags_of(path + '.out'), truth)


def read_given(path):
    rows = list(csv.reader(open(path)))
    return [r[0] for r in rows[1:]], np.array([[float(v) for v in r[1:]] for r in rows[1:]]), [h[2:] for h in rows[0][1:]]


def mean_of(results):
    return tuple(float(np.mean([r[i] for r in results])) for i in range(2))


def fmt(r):
    return ('%d/%.3f' if isinstance(r[0], int) else '%.1f/%.3f') % r


def analyse(spec):
    name, variant = spec.split('.')
    d = MANIFEST[name]
    truth_json = json.load(open(DATA + d['variants'][variant]['truth']))
    truth = set(truth_json['flipped_rows'])
    y, x, nn, nc = load(truth_json['csv'], d['label_column'])
    classes = sorted(set(y))
    n = len(y)
    folds = np.zeros(n, int)
    for f, (_, te) in enumerate(StratifiedKFold(5).split(x, y)):
        folds[te] = f
    per_fold = [int(sum(1 for i in truth if folds[i] == f)) for f in range(5)]

    cvp = lambda xx, yy, cv: cross_val_predict(sklearn_lr(nn, nc), xx, yy, cv=cv, method='predict_proba')
    reference = cl_given(y, cvp(x, y, 5), classes, truth)
    permuted = []
    for s in range(10):
        perm = np.random.default_rng(s).permutation(n)
        p = np.empty((n, len(classes)))
        p[perm] = cvp(x[perm], y[perm], 5)
        permuted.append(cl_given(y, p, classes, truth))
    shuffled = [cl_given(y, cvp(x, y, StratifiedKFold(5, shuffle=True, random_state=s)), classes, truth)
                for s in range(10)]

    fold_file = os.path.join(TMP, 'folds.txt')
    np.savetxt(fold_file, folds, fmt='%d')
    ours_on_ref, probs = {}, {}
    for model in ('logistic', 'knn'):
        out = os.path.join(TMP, model + '.csv')
        probe('folds', DATA + truth_json['csv'], d['label_column'], fold_file, model, out)
        labels, probs[model], cls = read_given(out)
        ours_on_ref[model] = cl_given(labels, probs[model], cls, truth)
    yi = np.array([cls.index(l) for l in labels])
    logloss = lambda p: -np.mean(np.log(np.maximum(p[np.arange(n), yi], 1e-15)))
    w = max(range(10, -1, -1), key=lambda s: (-logloss(s / 10 * probs['logistic'] + (1 - s / 10) * probs['knn']), s)) / 10
    blend = cl_given(labels, w * probs['logistic'] + (1 - w) * probs['knn'], cls, truth)

    default = []
    for s in range(10):
        out = os.path.join(TMP, 'train.csv')
        probe('train', DATA + truth_json['csv'], d['label_column'], 'auto', 0, s * 5, out)
        default.append(score(flags_of(out), truth))
    print(f'| {name} | {variant} | {len(truth)} | {per_fold} | {fmt(reference)} | {fmt(mean_of(permuted))} | '
          f'{fmt(mean_of(shuffled))} | {fmt(ours_on_ref["logistic"])} | {fmt(ours_on_ref["knn"])} | '
          f'{fmt(blend)} (w {w:.1f}) | {fmt(default[0])} | {fmt(mean_of(default))} |', flush=True)


if __name__ == '__main__':
    print('| dataset | variant | flipped | flipped per unshuffled fold | sklearn LR, unshuffled (reference) '
          '| same, rows permuted (x10) | sklearn LR, shuffled (x10) | our LR on reference folds '
          '| our kNN on reference folds | our blend on reference folds | ours default, seed 0 | ours default (x10 seeds) |')
    print('|---|---|---|---|---|---|---|---|---|---|---|---|')
    for spec in sys.argv[1:] or DEFAULT:
        analyse(spec)
