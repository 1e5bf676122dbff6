"""Per-problem paired comparison of two scored pools (same problems, independent samples).
Re-implements pass@1, coverage@N, majority@N and best-of-N@N per problem (majority ties by summed reward as MajorityStrategy; remaining exact ties counted as expected value),
then a bootstrap over problems of the mean difference new - old, per schedule and averaged over the schedules.
Usage: redraw_paired.py OLD_POOL NEW_POOL OUT_JSON"""
import gzip, json, sys, numpy as np
from math import comb

def load(path):
    pools = {}
    with gzip.open(path, 'rt') as f:
        for line in f:
            p = json.loads(line)
            pools[(p['schedule'], p['id'])] = p['samples']
    return pools

def per_problem(samples, ns, trials, rng):
    answers = [s.get('answer') for s in samples]
    keys = {a: i for i, a in enumerate(sorted({a for a in answers if a is not None}))}
    a = np.array([keys[x] if x is not None else -1 for x in answers])
    corr = np.array([bool(s['correct']) for s in samples])
    rew = np.array([s['reward'] if s.get('reward') is not None else np.nan for s in samples], float)
    K = max(len(keys), 1)
    class_correct = np.zeros(K)
    for k in range(K):
        m = a == k
        if m.any(): class_correct[k] = corr[m].any()
    M = len(samples); c = int(corr.sum())
    out = {'pass@1': corr.mean()}
    for n in ns:
        out[f'coverage@{n}'] = 1.0 - (comb(M - c, n) / comb(M, n) if M - c >= n else 0.0)
        if n == M: idx = np.arange(M)[None, :]
        else: idx = np.argsort(rng.random((trials, M)), axis=1)[:, :n]
        ai = a[idx]
        counts = np.zeros((idx.shape[0], K))
        rows = np.repeat(np.arange(idx.shape[0]), n)
        flat = ai.ravel(); ok = flat >= 0
        np.add.at(counts, (rows[ok], flat[ok]), 1)
        # ties by summed reward, as MajorityStrategy does when every sample has a reward
        rs = np.zeros((idx.shape[0], K))
        np.add.at(rs, (rows[ok], flat[ok]), np.nan_to_num(rew[idx].ravel()[ok]))
        counts = np.where(counts > 0, counts * 1000.0 + rs, 0.0)
        mx = counts.max(axis=1, keepdims=True)
        tied = (counts == mx) & (mx > 0)
        maj = np.where(tied.sum(1) > 0, (tied * class_correct).sum(1) / np.maximum(tied.sum(1), 1), 0.0)
        out[f'majority@{n}'] = maj.mean()
        r = np.where(ai >= 0, rew[idx], -np.inf)
        rm = r.max(axis=1, keepdims=True)
        t = (r == rm) & np.isfinite(rm)
        cb = corr[idx]
        bon = np.where(t.sum(1) > 0, (t * cb).sum(1) / np.maximum(t.sum(1), 1), 0.0)
        out[f'bon@{n}'] = bon.mean()
    return out

old, new = load(sys.argv[1]), load(sys.argv[2])
ns = [4, 16, 64]; trials = 256; B = 2000
rng = np.random.default_rng(7)
scheds = sorted({s for s, _ in old})
res = []
diffs = {}
for s in ['const1.0', 'ead', 'ead-d2', 'const0.7']:
    if s not in scheds: continue
    ids = sorted(i for (ss, i) in old if ss == s and (ss, i) in new)
    po = [per_problem(old[(s, i)], ns, trials, rng) for i in ids]
    pn = [per_problem(new[(s, i)], ns, trials, rng) for i in ids]
    boot = np.random.default_rng(11).integers(0, len(ids), (B, len(ids)))
    for m in po[0]:
        o = np.array([p[m] for p in po]); nn = np.array([p[m] for p in pn]); d = nn - o
        diffs.setdefault(m, []).append(d)
        bm = d[boot].mean(1)
        lo, hi = np.percentile(bm, [2.5, 97.5])
        res.append((s, m, o.mean()*100, nn.mean()*100, d.mean()*100, lo*100, hi*100))
        print(f"{s:9s} {m:12s} old {o.mean()*100:5.1f} new {nn.mean()*100:5.1f} diff {d.mean()*100:+5.1f} [{lo*100:+5.1f}, {hi*100:+5.1f}]{'  <-- outside 0' if lo > 0 or hi < 0 else ''}", flush=True)
# the schedules' pools were drawn independently: average their per-problem differences, resampling problems jointly
for m, ds in diffs.items():
    d = np.mean(ds, axis=0)
    bm = d[np.random.default_rng(11).integers(0, len(d), (B, len(d)))].mean(1)
    lo, hi = np.percentile(bm, [2.5, 97.5])
    res.append(('mean of schedules', m, None, None, d.mean()*100, lo*100, hi*100))
    print(f"all       {m:12s} mean diff {d.mean()*100:+5.1f} [{lo*100:+5.1f}, {hi*100:+5.1f}]{'  <-- outside 0' if lo > 0 or hi < 0 else ''}", flush=True)
json.dump(res, open(sys.argv[3], 'w'))
