#!/usr/bin/env python3
"""InfoNCE estimate of the mutual information of a correlated Gaussian pair, with the optimal critic.

For (x, y) standard normal with correlation rho, I(X;Y) = -log(1 - rho^2) / 2, and InfoNCE with the
optimal critic f(x, y) = log p(y|x) / p(y) is a lower bound that cannot exceed log(batch). Standard
library only; run by infosweep with its parameters as arguments, it reports its metrics on a last
stdout line `INFOSWEEP_METRICS {...}` (or in $INFOSWEEP_METRICS_FILE when that is set).
"""
import argparse
import json
import math
import os
import random


def critic(x, y, rho):
    """log p(y|x) - log p(y) for the standard bivariate normal with correlation rho."""
    var = 1.0 - rho * rho
    return -0.5 * math.log(var) - (y - rho * x) ** 2 / (2.0 * var) + y * y / 2.0


def infonce(rho, batch, batches, rng):
    """The mean over `batches` batches of the InfoNCE bound."""
    total = 0.0
    for _ in range(batches):
        xs = [rng.gauss(0.0, 1.0) for _ in range(batch)]
        ys = [rho * x + math.sqrt(1.0 - rho * rho) * rng.gauss(0.0, 1.0) for x in xs]
        for i, x in enumerate(xs):
            scores = [critic(x, y, rho) for y in ys]
            top = max(scores)
            log_mean = top + math.log(sum(math.exp(s - top) for s in scores) / batch)
            total += scores[i] - log_mean
    return total / (batches * batch)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rho", type=float, required=True)
    parser.add_argument("--batch", type=int, required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--batches", type=int, default=20)
    args = parser.parse_args()
    if not -1.0 < args.rho < 1.0:
        parser.error(f"--rho must lie strictly between -1 and 1, not {args.rho}")
    estimate = infonce(args.rho, args.batch, args.batches, random.Random(args.seed))
    metrics = {
        "infonce": estimate,
        "true_mi": -0.5 * math.log(1.0 - args.rho * args.rho),
        "log_batch": math.log(args.batch),
    }
    path = os.environ.get("INFOSWEEP_METRICS_FILE")
    if path:
        with open(path, "w") as handle:
            json.dump(metrics, handle)
    else:
        print("INFOSWEEP_METRICS " + json.dumps(metrics))


if __name__ == "__main__":
    main()
