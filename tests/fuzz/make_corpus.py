#!/usr/bin/env python3
"""Writes the seed corpus tests/fuzz/corpus/<target>/ (a few KB in all).

Each seed starts with the option bytes its harness reads (see harness.hpp), followed by data.
Re-run after changing how a harness reads its bytes; the fuzzer grows its own corpus from these.
"""
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
DATASETS = os.path.join(HERE, "..", "..", "..", "shared", "datasets")
rng = random.Random(1)


def write(target, name, data):
    d = os.path.join(HERE, "corpus", target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def dataset_head(name, lines):
    path = os.path.join(DATASETS, name)
    if not os.path.exists(path):
        return None
    with open(path, "rb") as f:
        return b"".join(f.readline() for _ in range(lines))


# --- CSV texts: edge cases by hand plus heads of the shared datasets --------------------------
csv_texts = {
    "basic": b"a,b,label\n1,2,x\n3,4,y\n",
    "quoted": b'name,text,label\n"Smith, J","say ""hi""\nthere",a\nO"Brien,5"10,b\n',
    "crlf_bom": b"\xef\xbb\xbfid;value;class\r\n1;3,5;a\r\n2;-1,5e3;b\r\n\r\n3;;a\r\n",
    "ragged": b"a,b,c\n1,2\n1,2,3,4\n\n5,6,7",
    "latin1": b"nom|ville\nJos\xe9|S\xe3o Paulo\nRen\xe9|Z\xfcrich\n",
    "tabs_missing": b"x\ty\tz\nNA\t1e400\t?\n-inf\t.5\tN/A\n+3\t5.\tnull\n",
    "unclosed": b'a,b\n1,"never closed\n2,3\n',
    "lone_cr": b"a,b\r1,2\r3,4\r",
    "empty_header": b",,x\n1,2,3\n4,5,6\n",
    # Numbers as spreadsheets print them (formatted_number.hpp); named to sort last, so that the
    # option bytes of the seeds before it stay as they were.
    "yen_dollar_percent": 'price,share,balance,yen,label\n"$1,234.50",12.5%,(300),\u00a51\u202f000,a\n$99,-3%,"1,000",2 \u00a5,a\n,0.5 %,(1),\u00a53,b\n'.encode(),
    # Excel's delimiter hint line (csv.hpp); sorts last for the same reason.
    "z_excel_sep_hint": b"sep=;\r\nx;y;label\r\n1,5;2;a\r\n3;4;b\r\n",
}
for ds, n in [("iris.uniform10.csv", 12), ("penguins.uniform10.csv", 10), ("hpc.uniform10.csv", 10),
              ("fine_foods.uniform10.csv", 4)]:
    head = dataset_head(ds, n)
    if head is not None:
        csv_texts[ds.split(".")[0]] = head[:1500]

for i, (name, text) in enumerate(sorted(csv_texts.items())):
    opt = [0x00, 0x10, 0x01, 0x12, 0x08, 0x40, 0x80, 0xC0][i % 8]
    write("fuzz_csv", name, bytes([opt, 1 + i * 3]) + text)

# --- Encoding: label column, features, categories, hash bits, then a CSV -------------------------
enc = [
    ("iris", bytes([0x00, 4, 0x00, 30, 14])),
    ("penguins", bytes([0x00, 0, 0x00, 5, 10])),
    ("hpc", bytes([0x00, 7, 0x7F, 0x40 | 8, 12])),
    ("fine_foods", bytes([0x00, 1, 0x80, 30, 8])),
    ("basic", bytes([0x00, 2, 0x00, 3, 14])),
    ("tabs_missing", bytes([0x00, 2, 0x00, 3, 14])),
    ("empty_header", bytes([0x00, 2, 0x00, 3, 14 | 32])),
    ("quoted", bytes([0x00, 2, 0x03, 0x40 | 2, 4])),
    ("yen_dollar_percent", bytes([0x00, 4, 0x00, 3, 14])),
]
for name, prefix in enc:
    if name in csv_texts:
        write("fuzz_encode", name, prefix + csv_texts[name])
text_rows = b"text,label\n" + b"".join(
    b"%s %s,%s\n" % (rng.choice([b"good", b"bad", b"ok"]), rng.choice([b"food", b"tea", b"it's"]), rng.choice([b"p", b"n"]))
    for _ in range(12))
write("fuzz_encode", "text", bytes([0x00, 1, 0x00, 30, 6]) + text_rows)


# --- Confident Learning: 6 option bytes, K and flags, then rows of (label, K weights) -------------
def cl_seed(K, N, flags, opt, noise=0.2, ties=False):
    out = bytearray(opt) + bytes([K - 1, flags])
    for _ in range(N):
        true = rng.randrange(K)
        given = true if rng.random() > noise else rng.randrange(K)
        weights = [rng.randrange(0, 40) for _ in range(K)]
        weights[true] += 200 if not ties else 40
        if ties:
            weights = [w // 40 * 40 for w in weights]
        out.append(given)
        out.extend(min(w, 255) for w in weights)
    return bytes(out)


write("fuzz_confident_learning", "k3_default", cl_seed(3, 40, 0, [0, 0x80, 1, 0, 0, 3]))
write("fuzz_confident_learning", "k2_ranked", cl_seed(2, 30, 0, [1, 50, 0, 0, 0, 0], noise=0.3))
write("fuzz_confident_learning", "k5_remove", cl_seed(5, 50, 0, [2 | 8, 0x80, 2, 0x80, 3, 1]))
write("fuzz_confident_learning", "k4_ties", cl_seed(4, 40, 0, [3 | 4, 0x80, 1, 0, 0, 2], ties=True))
write("fuzz_confident_learning", "k8_entropy", cl_seed(8, 30, 0, [0, 0x80, 0, 0, 0, 2], noise=0.5))
write("fuzz_confident_learning", "k3_special", cl_seed(3, 12, 2, [0, 0x80, 1, 0, 0, 3]) + bytes([0, 240, 10, 10, 1, 5, 246, 0]))
write("fuzz_confident_learning", "k3_rawlabels", cl_seed(3, 10, 1, [0, 0x80, 1, 0, 0, 3]))
write("fuzz_confident_learning", "k1", cl_seed(1, 8, 0, [0, 0x80, 1, 0, 0, 0]))


# --- Models: shape, flags, folds/k, seed, C/maxIter, then rows of (label, D signed bytes) ---------
def model_seed(K, D, flags, folds, N, spread=30):
    out = bytearray([(K - 1) | ((D - 1) << 2), flags, folds, 7, 31])
    for _ in range(N):
        y = rng.randrange(K)
        out.append(y)
        out.extend((y * spread + rng.randrange(-20, 20)) & 0xFF for _ in range(D))
    return bytes(out)


write("fuzz_models", "k3_d2_auto", model_seed(3, 2, 2 << 3, 3 | (4 << 3), 30))
write("fuzz_models", "k2_d4_logistic", model_seed(2, 4, 0, 1 | (2 << 3), 24))
write("fuzz_models", "k4_d3_knn_cosine", model_seed(4, 3, 4 | (1 << 3), 0 | (9 << 3), 36))
write("fuzz_models", "k2_d1_tiny", model_seed(2, 1, 0, 0, 3))
write("fuzz_models", "k3_d8_special", model_seed(3, 8, 2, 2, 12) + bytes([1, 248, 249, 250, 0, 0, 0, 0, 0]))


# --- Boosted trees: shape, flags, leaves, min leaf, bins/depth, iterations, seed, then rows ------
def gbdt_seed(K, D, flags, N, leaves=31, min_leaf=20, bins=63, iters=0x35, spread=40, missing=False):
    out = bytearray([(K - 1) | ((D - 1) << 3), flags, leaves - 2, min_leaf - 1, bins, iters, 3])
    for _ in range(N):
        y = rng.randrange(K)
        out.append(y)
        for d in range(D):
            if missing and d == 0 and y == 1:
                out.append(240)  # special value 0: NaN (with flag bit 1)
            else:
                out.append((y * spread + rng.randrange(-30, 30)) & 0xFF if d < 2 else rng.randrange(0, 200))
    return bytes(out)


write("fuzz_gbdt", "k3_d3_default", gbdt_seed(3, 3, 0, 40, leaves=8, min_leaf=3))
write("fuzz_gbdt", "k2_d2_missing_rows", gbdt_seed(2, 2, 2 | 4, 36, leaves=5, min_leaf=2, missing=True))
write("fuzz_gbdt", "k4_d4_tiled_early_stopping", gbdt_seed(4, 4, 8 | 32, 30, leaves=16, min_leaf=10, iters=0x3B))
write("fuzz_gbdt", "k5_d2_depth_l2zero", gbdt_seed(5, 2, 16 | 64 | 128, 40, leaves=31, min_leaf=1, bins=0x80 | 2))
write("fuzz_gbdt", "k2_d1_tiny", gbdt_seed(2, 1, 0, 4, leaves=2, min_leaf=1))
write("fuzz_gbdt", "k3_d5_special", gbdt_seed(3, 5, 2 | 1, 12) + bytes([1, 241, 242, 247, 243, 240, 9, 0, 0, 0, 0, 0]))


# --- Audit: shape, flags, seed, HNSW m/efConstruction, then rows of (label, D signed bytes) -------
def audit_seed(K, D, shape_bits, flags, N, seed=5, hnsw=0x36, spread=30):
    out = bytearray([(D - 1) | ((K - 1) << 3) | shape_bits, flags, seed, hnsw])
    for _ in range(N):
        y = rng.randrange(K)
        out.append(y | (rng.randrange(0, 16) << 4))
        out.extend((y * spread + rng.randrange(-20, 20)) & 0xFF for _ in range(D))
    return bytes(out)


write("fuzz_audit", "k3_d4_cosine_exact", audit_seed(3, 4, 32, 9, 30))
write("fuzz_audit", "k2_d2_euclidean_tiled_copies", audit_seed(2, 2, 0, 4 | 32, 16))
write("fuzz_audit", "k4_d6_approximate_jitter", audit_seed(4, 6, 32 | 64, 9 | 32 | 64, 20, hnsw=0x25))
write("fuzz_audit", "k3_d3_sparse_missing", audit_seed(3, 3, 128, 5 | 128, 24))
write("fuzz_audit", "k2_d1_tiny", audit_seed(2, 1, 0, 0, 2))
write("fuzz_audit", "k2_d5_special", audit_seed(2, 5, 0, 3 | 16, 10) + bytes([1, 248, 249, 0, 0, 0]))
write("fuzz_audit", "k1_d3_one_class", audit_seed(1, 3, 64, 9 | 32, 12))
