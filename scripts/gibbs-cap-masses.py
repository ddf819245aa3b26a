#!/usr/bin/env python3
# Independent reference for Tests/SolverTests/GibbsTests.swift: the Gibbs cap masses (two caps of radius 0.5)
# and the masses of 8 bands of equal height in <z, well1> for the two-well potential on S^2, by scipy's
# adaptive quadrature (integrate.nquad, epsrel 1e-11), with U written out again in numpy.
#   python3 -m pip install scipy numpy && python3 scripts/gibbs-cap-masses.py
import numpy as np
from scipy import integrate
k, w = 12.0, 0.5
m1 = np.array([0.0, 0.0, 1.0])
m2 = np.array([0.85, 0.15, -0.5]); m2 /= np.linalg.norm(m2)
radius = 0.5

def U(x):
    a = k * x.dot(m1) + np.log(w); b = k * x.dot(m2) + np.log(1 - w)
    t = max(a, b)
    return -(t + np.log(np.exp(a - t) + np.exp(b - t))) / k

def frame(m):
    # orthonormal basis with m as the pole
    helper = np.array([1.0, 0, 0]) if abs(m[0]) < 0.9 else np.array([0, 1.0, 0])
    e1 = np.cross(m, helper); e1 /= np.linalg.norm(e1)
    e2 = np.cross(m, e1)
    return e1, e2, m

def density(theta, phi, basis, tau):
    e1, e2, e3 = basis
    x = np.sin(theta) * np.cos(phi) * e1 + np.sin(theta) * np.sin(phi) * e2 + np.cos(theta) * e3
    return np.exp(-(U(x)) / tau) * np.sin(theta)

def integral(basis, tau, theta_max, pts):
    opts = dict(epsabs=0, epsrel=1e-11, limit=200)
    val, err = integrate.nquad(lambda phi, th: density(th, phi, basis, tau),
                               [[0, 2 * np.pi], [0, theta_max]], opts=[opts, dict(opts, points=pts)])
    return val, err

for tau in [0.1, 0.2, 0.5, 1.0, 2.5]:
    b1, b2 = frame(m1), frame(m2)
    c1, e1 = integral(b1, tau, radius, [])
    c2, e2 = integral(b2, tau, radius, [])
    # the whole sphere in the m1 frame; m2 sits at polar angle acos(m1.m2)
    total, et = integral(b1, tau, np.pi, [radius, float(np.arccos(m1.dot(m2)))])
    print(f"tau {tau}: cap mass {(c1 + c2) / total:.6f}  (caps {c1:.6e} + {c2:.6e}, total {total:.6e}, "
          f"abs err bounds {e1:.1e} {e2:.1e} {et:.1e})")

# Band masses: 8 bands of equal height in c = <x, well1>, over all longitudes (frame-independent).
def band_integral(tau, lower, upper):
    e1, e2, e3 = frame(m1)
    def f(phi, c):
        s = np.sqrt(max(0.0, 1 - c * c))
        x = s * np.cos(phi) * e1 + s * np.sin(phi) * e2 + c * e3
        return np.exp(-U(x) / tau)
    c2 = float(m1.dot(m2))
    opts = dict(epsabs=0, epsrel=1e-11, limit=200)
    pts = [c2] if lower < c2 < upper else []
    return integrate.nquad(f, [[0, 2 * np.pi], [lower, upper]], opts=[opts, dict(opts, points=pts)])[0]

for tau in [0.1, 0.2, 1.0, 2.5]:
    bands = [band_integral(tau, -1 + i / 4, -1 + (i + 1) / 4) for i in range(8)]
    total = sum(bands)
    print(f"tau {tau}: bands " + ", ".join(f"{b / total:.6f}" for b in bands))
