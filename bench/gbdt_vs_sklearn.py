#!/usr/bin/python3
"""GradientBoostedTrees against scikit-learn's HistGradientBoostingClassifier, on the same folds.

    /usr/bin/python3 bench/gbdt_vs_sklearn.py                 # speed (synthetic) + quality (shared datasets)
    /usr/bin/python3 bench/gbdt_vs_sklearn.py --speed         # only the synthetic timing
    /usr/bin/python3 bench/gbdt_vs_sklearn.py --quality       # only the shared datasets

Needs Debian's python3-sklearn (1.2.1) and build/bench/bench/labelcheck_gbdt_bench
(cmake -S . -B build/bench -DLABELCHECK_BENCH=ON && cmake --build build/bench --target
labelcheck_gbdt_bench). Run from the repository root.

Both sides get the same matrix (written once with 17 significant digits) and the same
StratifiedKFold(5, shuffle=True, random_state=0) folds, and produce out-of-fold probabilities:
ours through `labelcheck_gbdt_bench --csv` (default GbdtParams, one fit per fold), scikit-learn's
through cross_val_predict(HistGradientBoostingClassifier(), ..., method='predict_proba') with
default parameters. Reported: wall and CPU time of the 5 fits + predictions (ours measured inside
the C++ program, without reading the CSV; scikit-learn's around cross_val_predict, CPU summed over
its threads), and log loss and accuracy of the out-of-fold probabilities against the given
(noisy) labels. On a shared machine the wall time depends on the other tenants; the CPU time less.

scikit-learn runs in a child process per thread count, since OMP_NUM_THREADS must be set before
it is imported: once with OMP_NUM_THREADS=1, once with the default (all cores).

Speed data: 100,000 x 20 Gaussian blobs, 5 classes, 10% of labels flipped (the spirit of
bench/pipeline.bench.mjs: standard normal centres, unit noise x 1.5, numpy seed 12345).
Quality data: ../shared/datasets/{spambase,digits,hpc,letter}.uniform10.csv; categorical columns
(hpc's protocol and day) one-hot encoded in Python for both models.
"""
import csv
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np

BENCH = 'build/bench/bench/labelcheck_gbdt_bench'
DATA = '../shared/datasets/'
TMP = tempfile.mkdtemp(prefix='gbdt_vs_sklearn_')
DATASETS = [('spambase.uniform10.csv', 'type'), ('digits.uniform10.csv', 'digit'),
            ('hpc.uniform10.csv', 'class'), ('letter.uniform10.csv', 'lettr')]


def blobs(n=100_000, d=20, k=5, noise=0.1, seed=12345):
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(k, d))
    true = rng.integers(0, k, n)
    X = centres[true] + 1.5 * rng.normal(size=(n, d))
    y = true.copy()
    flip = rng.random(n) < noise
    y[flip] = (true[flip] + 1 + rng.integers(0, k - 1, flip.sum())) % k
    return X, y


def load(name, label):
    rows = list(csv.reader(open(DATA + name, newline='')))
    head, rows = rows[0], rows[1:]
    li = head.index(label)
    classes = sorted({r[li] for r in rows})
    y = np.array([classes.index(r[li]) for r in rows])
    cols = []
    for j in (j for j in range(len(head)) if j != li):
        values = [r[j] for r in rows]
        try:
            cols.append(np.array([float(v) if v != '' else np.nan for v in values])[:, None])
        except ValueError:  # categorical: one-hot, missing = all zeros
            levels = sorted({v for v in values if v != ''})
            cols.append(np.array([[1.0 if v == lv else 0.0 for lv in levels] for v in values]))
    return np.hstack(cols), y


def folds_of(y):
    from sklearn.model_selection import StratifiedKFold
    fold = np.empty(len(y), dtype=int)
    for f, (_, test) in enumerate(StratifiedKFold(5, shuffle=True, random_state=0).split(np.zeros(len(y)), y)):
        fold[test] = f
    return fold


def write_inputs(tag, X, y, fold):
    data, folds = os.path.join(TMP, tag + '.csv'), os.path.join(TMP, tag + '.folds')
    np.savetxt(data, np.column_stack([y, X]), fmt=['%d'] + ['%.17g'] * X.shape[1], delimiter=',',
               header='label,' + ','.join(f'x{j}' for j in range(X.shape[1])), comments='')
    np.savetxt(folds, fold, fmt='%d')
    return data, folds


def ours(data, folds, extra=()):
    out = data + '.ours.csv'
    r = subprocess.run([BENCH, '--csv', data, '--fold-file', folds, '--out', out, *extra],
                       capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(r.stderr)
    info = json.loads(r.stdout)
    return np.loadtxt(out, delimiter=',', ndmin=2), info


def sklearn_child(data, folds, threads):
    """scikit-learn in a fresh process with OMP_NUM_THREADS set (or not) before the import."""
    env = dict(os.environ)
    env.pop('OMP_NUM_THREADS', None)
    if threads:
        env['OMP_NUM_THREADS'] = str(threads)
    out = data + f'.sk{threads}.csv'
    r = subprocess.run([sys.executable, __file__, '--sklearn-child', data, folds, out], env=env,
                       capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(r.stderr)
    return np.loadtxt(out, delimiter=',', ndmin=2), json.loads(r.stdout)


def run_sklearn_child(data, folds, out):
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.model_selection import PredefinedSplit, cross_val_predict
    M = np.loadtxt(data, delimiter=',', skiprows=1, ndmin=2)
    y, X = M[:, 0].astype(int), M[:, 1:]
    fold = np.loadtxt(folds, dtype=int)
    t, c = time.perf_counter(), time.process_time()
    p = cross_val_predict(HistGradientBoostingClassifier(), X, y, cv=PredefinedSplit(fold), method='predict_proba')
    wall, cpu = time.perf_counter() - t, time.process_time() - c  # cpu: all threads of the process
    np.savetxt(out, p, fmt='%.17g', delimiter=',')
    print(json.dumps({'wall': wall, 'cpu': cpu}))


def scores(p, y):
    ll = -np.mean(np.log(np.clip(p[np.arange(len(y)), y], 1e-15, 1)))
    return ll, np.mean(p.argmax(1) == y)


def load_average():
    return open('/proc/loadavg').read().split()[0]


def speed():
    X, y = blobs()
    fold = folds_of(y)
    data, folds = write_inputs('blobs', X, y, fold)
    print(f'## Speed: 5-fold CV on {X.shape[0]:,} x {X.shape[1]} blobs, 5 classes, 10% flipped')
    print('| model | wall s | CPU s | log loss | accuracy | rounds per fold | load before |')
    print('|---|---:|---:|---:|---:|---|---:|')
    load = load_average()
    p, info = ours(data, folds)
    ll, acc = scores(p, y)
    print(f"| labelcheck GradientBoostedTrees (1 thread) | {info['wall']:.2f} | {info['cpu']:.2f} | {ll:.4f} | "
          f"{acc:.4f} | {' '.join(map(str, info['iterations']))} | {load} |")
    for threads in (1, 0):
        load = load_average()
        p, info = sklearn_child(data, folds, threads)
        ll, acc = scores(p, y)
        label = f'OMP_NUM_THREADS={threads}' if threads else f'default threads ({os.cpu_count()})'
        print(f"| scikit-learn HGB, {label} | {info['wall']:.2f} | {info['cpu']:.2f} | {ll:.4f} | {acc:.4f} | | {load} |")


def quality():
    print('## Quality: out-of-fold log loss / accuracy on the shared datasets (same folds)')
    print('| dataset | N x D | K | ours | ours, no early stopping | scikit-learn HGB | ours CPU s | sklearn CPU s (1 thread) |')
    print('|---|---|---:|---|---|---|---:|---:|')
    for name, label in DATASETS:
        if not os.path.exists(DATA + name):
            continue
        X, y = load(name, label)
        fold = folds_of(y)
        data, folds = write_inputs(name.split('.')[0], X, y, fold)
        p, info = ours(data, folds)
        p0, _ = ours(data, folds, ['--validation-fraction', '0'])
        ps, sk = sklearn_child(data, folds, 1)
        cells = [f'{a:.4f} / {b:.4f}' for a, b in (scores(p, y), scores(p0, y), scores(ps, y))]
        print(f"| {name} | {X.shape[0]} x {X.shape[1]} | {y.max() + 1} | {' | '.join(cells)} | "
              f"{info['cpu']:.2f} | {sk['cpu']:.2f} |")


if __name__ == '__main__':
    if len(sys.argv) > 1 and sys.argv[1] == '--sklearn-child':
        run_sklearn_child(*sys.argv[2:5])
        sys.exit(0)
    if not os.path.exists(BENCH):
        sys.exit(f'{BENCH} is missing: cmake -S . -B build/bench -DLABELCHECK_BENCH=ON && '
                 'cmake --build build/bench --target labelcheck_gbdt_bench')
    what = sys.argv[1] if len(sys.argv) > 1 else ''
    if what in ('', '--quality'):
        quality()
    if what in ('', '--speed'):
        speed()
