"""PyTorch CPU peer of infonce-bench: the same symmetric InfoNCE (cosine critic) forward+backward.

Prints one JSON object per line: ms_per_step (median of the timed steps after one warm-up), gflops as
6*B^2*d/time, and the process's peak RSS. Run each shape in a fresh process for a meaningful peak.

    python3 infonce_peer.py --threads 2 --batch 8192 --dim 128 [--tau 0.07] [--repeats 3]
    python3 infonce_peer.py --threads 2 --sgemm
    python3 infonce_peer.py --threads 1 --modality-gap [--steps 2000]
"""
import argparse
import json
import math
import resource
import statistics
import time

import torch
import torch.nn.functional as F


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def infonce_step(batch, dim, tau, repeats, seed):
    generator = torch.Generator().manual_seed(seed)
    z1 = torch.randn(batch, dim, generator=generator).requires_grad_(True)
    z2 = torch.randn(batch, dim, generator=generator).requires_grad_(True)
    labels = torch.arange(batch)
    times = []
    loss = None
    for step in range(repeats + 1):
        start = time.perf_counter()
        z1.grad = None
        z2.grad = None
        logits = F.normalize(z1, dim=1) @ F.normalize(z2, dim=1).T / tau
        loss = 0.5 * (F.cross_entropy(logits, labels) + F.cross_entropy(logits.T, labels))
        loss.backward()
        if step > 0:
            times.append((time.perf_counter() - start) * 1000)
    ms = statistics.median(times)
    return {"what": "torch_infonce_step", "batch": batch, "dim": dim, "ms_per_step": round(ms, 2),
            "gflops": round(6 * batch * batch * dim / (ms * 1e6), 2), "peak_rss_mb": round(peak_rss_mb(), 1),
            "loss": round(loss.item(), 4), "threads": torch.get_num_threads(), "torch": torch.__version__}


def sgemm_peak(size=2048):
    a = torch.full((size, size), 0.5)
    b = torch.full((size, size), 0.25)
    best = math.inf
    for _ in range(4):
        start = time.perf_counter()
        torch.mm(a, b)
        best = min(best, time.perf_counter() - start)
    return {"what": "torch_sgemm_peak", "threads": torch.get_num_threads(),
            "gflops": round(2 * size ** 3 / best / 1e9, 1)}


def modality_gap_seed(steps, seed, sigma=0.3, tau=0.07, batch=256, lr=5e-3):
    """The modality-gap training loop (NOTES.md C) written plainly in PyTorch: the time per seed."""
    torch.manual_seed(seed)
    prior = torch.distributions.VonMises(torch.tensor([0.0, math.pi]), torch.tensor([6.0, 6.0]))
    enc1 = torch.nn.Linear(2, 2, bias=False)
    enc2 = torch.nn.Linear(2, 2, bias=False)
    optimiser = torch.optim.Adam(list(enc1.parameters()) + list(enc2.parameters()), lr=lr)
    labels = torch.arange(batch)
    start = time.perf_counter()
    for _ in range(steps):
        component = (torch.rand(batch) >= 0.7).long()
        theta = prior.sample((batch,))[torch.arange(batch), component]
        theta2 = theta + sigma * torch.randn(batch)
        x1 = torch.stack([theta.cos(), theta.sin()], 1) + 0.02 * torch.randn(batch, 2)
        x2 = torch.stack([theta2.cos(), theta2.sin()], 1) + 0.02 * torch.randn(batch, 2)
        logits = F.normalize(enc1(x1), dim=1) @ F.normalize(enc2(x2), dim=1).T / tau
        loss = 0.5 * (F.cross_entropy(logits, labels) + F.cross_entropy(logits.T, labels))
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
    seconds = time.perf_counter() - start
    return {"what": "torch_modality_gap_seed", "steps": steps, "seconds": round(seconds, 3),
            "threads": torch.get_num_threads(), "final_loss": round(loss.item(), 4)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--batch", type=int)
    parser.add_argument("--dim", type=int)
    parser.add_argument("--tau", type=float, default=0.07)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--sgemm", action="store_true")
    parser.add_argument("--modality-gap", action="store_true")
    parser.add_argument("--steps", type=int, default=2000)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    if args.sgemm:
        print(json.dumps(sgemm_peak()), flush=True)
    if args.batch:
        print(json.dumps(infonce_step(args.batch, args.dim, args.tau, args.repeats, args.seed)), flush=True)
    if args.modality_gap:
        print(json.dumps(modality_gap_seed(args.steps, args.seed)), flush=True)


if __name__ == "__main__":
    main()
