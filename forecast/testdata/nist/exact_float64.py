#!/usr/bin/env python3
"""Exact least-squares solutions of the NIST StRD problems as a float64 user
supplies them: every .dat number parsed to the nearest float64 and the powers
x**k of the polynomial models rounded to float64 (correctly rounded, as libm's
pow does), then solved exactly in rational arithmetic (sympy) and printed to
20 digits (mpmath, 50 digits). The certified values are for the decimal data;
the gap between the two is what float64 data cost, whatever the solver.

Run: python3 exact_float64.py > exact_float64.csv   (Python 3, sympy, mpmath)
"""
import math, re
from fractions import Fraction as F
import sympy, mpmath

mpmath.mp.dps = 50
NAMES = ["Norris", "Pontius", "NoInt1", "NoInt2", "Filip", "Longley",
         "Wampler1", "Wampler2", "Wampler3", "Wampler4", "Wampler5"]

def load(name):
    L = open(name + ".dat").read().split("\n")
    rng = lambda l: map(int, re.search(r"lines\s+(\d+)\s+to\s+(\d+)", l).groups())
    ca, cz = rng(L[4]); da, dz = rng(L[5])
    params = [l.split()[0] for l in L[ca-1:cz]
              if re.match(r"^\s*B[0-9]+\s", l) and len(l.split()) == 3]
    rows = [[float(v) for v in l.split()] for l in L[da-1:dz]]
    return params, rows

print("dataset,term,estimate,std_error,resid_sd,r_squared")
for name in NAMES:
    params, rows = load(name)
    icpt = params[0] == "B0"
    k = len(params) - icpt
    X, Y = [], []
    for r in rows:
        y, xs = r[0], r[1:]
        cols = [float(F(xs[0]) ** (j+1)) for j in range(k)] if len(xs) == 1 else xs
        X.append(([F(1)] if icpt else []) + [F(v) for v in cols])
        Y.append(F(y))
    Xm, Ym = sympy.Matrix(X), sympy.Matrix(Y)
    A = Xm.T * Xm
    Ainv = A.inv()
    b = Ainv * (Xm.T * Ym)
    res = Ym - Xm * b
    rss = sum(r*r for r in res)
    n, p = len(Y), len(params)
    if icpt:
        m = sum(Y) / n
        tss = sum((y - m)**2 for y in Y)
    else:
        tss = sum(y*y for y in Y)
    tomp = lambda q: mpmath.mpf(int(sympy.numer(q))) / int(sympy.denom(q))
    s2 = tomp(rss) / (n - p)
    r2 = 1 - tomp(rss) / tomp(tss)
    for j in range(p):
        se = mpmath.sqrt(s2 * tomp(Ainv[j, j]))
        print(f"{name},{params[j]},{mpmath.nstr(tomp(b[j]), 20)},{mpmath.nstr(se, 20)},"
              f"{mpmath.nstr(mpmath.sqrt(s2), 20)},{mpmath.nstr(r2, 20)}")
