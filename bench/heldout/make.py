#!/usr/bin/python3
# Datasets we never tuned on, noised the way ../shared/datasets/README.md describes, and
# scikit-learn's reference probabilities for them (README.md here says why and how).
#
#   /usr/bin/python3 bench/heldout/make.py [OUT] [--only a,b]     (default OUT: build/heldout)
#
# Sources: the 13 classification sets of Debian's r-cran-mlbench (exported through Rscript) and
# scikit-learn's bundled wine. For each: uniform10, uniform30 (round(rate x rows) rows drawn
# without replacement, each to a class drawn from the others) and asym20 (20% of each class to
# its most confused class under 5-fold logistic regression on the clean labels; ties or no
# mistakes: the nearest centroid), seeded numpy default_rng. Writes OUT/datasets.json, the noisy
# CSVs and truth files in the shared schema (for labelcheck_quality --datasets OUT), and
# OUT/reference.json: per file, model (LR, kNN, HGB) and seed (0-2), the noisy labels and
# cross_val_predict probabilities with StratifiedKFold(5, shuffle=True, random_state=seed), the
# preprocessing of the shared README (median imputation + standardisation for numeric columns,
# one-hot for the rest), for compare.mjs to put through Confident Learning.
import csv, json, os, subprocess, sys, warnings
import numpy as np
import sklearn.datasets
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.linear_model import LogisticRegression
from sklearn.neighbors import KNeighborsClassifier
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.pipeline import make_pipeline
from sklearn.compose import ColumnTransformer
from sklearn.preprocessing import StandardScaler, OneHotEncoder
from sklearn.impute import SimpleImputer
warnings.filterwarnings('ignore')

args = sys.argv[1:]
only = None
if '--only' in args:
    only = args[args.index('--only') + 1].split(',')
    del args[args.index('--only'):args.index('--only') + 2]
OUT = os.path.abspath(args[0] if args else 'build/heldout')
RAW = os.path.join(OUT, 'raw')
os.makedirs(RAW, exist_ok=True)
MLBENCH = ['BreastCancer', 'DNA', 'Glass', 'HouseVotes84', 'Ionosphere', 'PimaIndiansDiabetes', 'Satellite', 'Shuttle',
           'Sonar', 'Soybean', 'Vehicle', 'Vowel', 'Zoo']
LABELS = {'zoo': 'type', 'glass': 'Type', 'pimaindiansdiabetes': 'diabetes', 'satellite': 'classes', 'wine': 'target'}
# R writes the data frames as they are (factors as their levels, NA as an empty cell); the
# identifier column of BreastCancer is dropped (it is no feature).
subprocess.run(['Rscript', '-e', 'library(mlbench); for (n in c(%s)) { e <- new.env(); data(list = n, envir = e); '
                'd <- get(n, envir = e); if (n == "BreastCancer") d$Id <- NULL; '
                'write.csv(d, file.path("%s", paste0(tolower(n), ".csv")), row.names = FALSE, na = "") }'
                % (', '.join('"%s"' % n for n in MLBENCH), RAW)], check=True)

def read(name):
    with open(os.path.join(RAW, name + '.csv'), newline='') as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]

def isnum(v):
    try:
        float(v); return True
    except ValueError:
        return False

def features(header, rows, label_at):
    num, cat = [], []
    for j in range(len(header)):
        if j == label_at: continue
        vals = [r[j] for r in rows if r[j] != '']
        (num if vals and all(isnum(v) for v in vals) else cat).append(j)
    Xn = np.array([[float(r[j]) if r[j] != '' else np.nan for j in num] for r in rows]) if num else np.zeros((len(rows), 0))
    Xc = np.array([[r[j] if r[j] != '' else '<missing>' for j in cat] for r in rows], dtype=object) if cat else np.zeros((len(rows), 0), dtype=object)
    X = np.concatenate([Xn.astype(object), Xc], axis=1)
    ct = ColumnTransformer([
        ('num', make_pipeline(SimpleImputer(strategy='median'), StandardScaler()), list(range(len(num)))),
        ('cat', OneHotEncoder(handle_unknown='ignore'), list(range(len(num), len(num) + len(cat))))])
    return X, ct

def cvprobs(model, X, y, ct, seed):
    pipe = make_pipeline(ct, model)
    skf = StratifiedKFold(5, shuffle=True, random_state=seed)
    return cross_val_predict(pipe, X, y, cv=skf, method='predict_proba')

def confusable(X, y, ct, K):
    p = cvprobs(LogisticRegression(max_iter=1000), X, y, ct, 0)
    pred = p.argmax(1)
    Xd = ct.fit_transform(X)
    Xd = Xd.toarray() if hasattr(Xd, 'toarray') else Xd
    cent = np.array([Xd[y == c].mean(0) for c in range(K)])
    m = {}
    for c in range(K):
        counts = np.bincount(pred[y == c], minlength=K); counts[c] = 0
        best = np.flatnonzero(counts == counts.max())
        if counts.max() == 0 or len(best) > 1:
            d = ((cent - cent[c]) ** 2).sum(1); d[c] = np.inf
            if counts.max() > 0: d[[k for k in range(K) if k not in best]] = np.inf
            m[c] = int(d.argmin())
        else:
            m[c] = int(best[0])
    return m

datasets = {}
names = ['breastcancer', 'dna', 'glass', 'housevotes84', 'ionosphere', 'pimaindiansdiabetes', 'satellite', 'shuttle',
         'sonar', 'soybean', 'vehicle', 'vowel', 'zoo', 'wine']
ref = {}
for name in names:
    if only and name not in only: continue
    if name == 'wine':
        with open(os.path.join(os.path.dirname(sklearn.datasets.__file__), 'data', 'wine_data.csv')) as f:
            r = list(csv.reader(f))
        header = ['alcohol', 'malic_acid', 'ash', 'alcalinity', 'magnesium', 'phenols', 'flavanoids', 'nonflav', 'proanth',
                  'color', 'hue', 'od280', 'proline', 'target']
        rows = [x[:13] + ['class_' + x[13]] for x in r[1:]]
    else:
        header, rows = read(name)
    label = LABELS.get(name, 'Class')
    la = header.index(label)
    rows = [r for r in rows if r[la] != '']
    classes = sorted(set(r[la] for r in rows))
    K = len(classes)
    y = np.array([classes.index(r[la]) for r in rows])
    X, ct = features(header, rows, la)
    n = len(rows)
    m = confusable(X, y, ct, K)
    variants = {}
    for vi, (vname, rate) in enumerate([('uniform10', 0.1), ('uniform30', 0.3), ('asym20', 0.2)]):
        rng = np.random.default_rng(1000 + 17 * vi + len(name))
        noisy = y.copy()
        if vname.startswith('uniform'):
            flip = rng.choice(n, int(round(rate * n)), replace=False)
            for i in flip:
                noisy[i] = rng.choice([k for k in range(K) if k != y[i]])
        else:
            flip = []
            for c in range(K):
                idx = np.flatnonzero(y == c)
                f = rng.choice(idx, int(round(0.2 * len(idx))), replace=False)
                noisy[f] = m[c]
                flip.extend(f.tolist())
        flip = sorted(int(i) for i in flip)
        csvname = f'{name}.{vname}.csv'
        with open(os.path.join(OUT, csvname), 'w', newline='') as f:
            w = csv.writer(f, lineterminator='\n')
            w.writerow(header)
            for i, r in enumerate(rows):
                rr = list(r); rr[la] = classes[noisy[i]]; w.writerow(rr)
        truth = {'csv': csvname, 'label_column': label, 'flipped_rows': flip, 'n_rows': n}
        json.dump(truth, open(os.path.join(OUT, f'{name}.{vname}.truth.json'), 'w'))
        variants[vname] = {'truth': f'{name}.{vname}.truth.json'}
        for mname, model in [('LR', LogisticRegression(max_iter=1000)), ('kNN', KNeighborsClassifier(10)), ('HGB', HistGradientBoostingClassifier())]:
            for s in range(3):
                p = cvprobs(model, X, noisy, ct, s)
                ref[f'{name}|{vname}|{mname}|{s}'] = {'labels': noisy.tolist(), 'probs': p.ravel().tolist(), 'K': K, 'flipped': flip}
    datasets[name] = {'name': name, 'label_column': label, 'variants': variants}
    print(name, n, 'x', X.shape[1], 'K', K, flush=True)
old = json.load(open(os.path.join(OUT, 'datasets.json'))) if os.path.exists(os.path.join(OUT, 'datasets.json')) else {}
old.update(datasets)
json.dump(old, open(os.path.join(OUT, 'datasets.json'), 'w'), indent=1)
REF = os.path.join(OUT, 'reference.json')
oldref = json.load(open(REF)) if os.path.exists(REF) else {}
oldref.update(ref)
json.dump(oldref, open(REF, 'w'))
