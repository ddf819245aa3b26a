#!/usr/bin/env python3
"""The peer of the coordinator benchmark: Optuna with SQLite storage and its grid sampler, N worker
processes running no-op trials over the same grid, until the grid is exhausted.

Usage: benchmarks/optuna_peer.py [--points 1024] [--workers 4]   (pip install optuna)
"""
import argparse, multiprocessing, os, tempfile, time

def work(storage, name, side):
    import optuna
    optuna.logging.set_verbosity(optuna.logging.ERROR)
    grid = {"a": [i / max(1, side - 1) for i in range(side)], "seed": list(range(side))}
    study = optuna.load_study(study_name=name, storage=storage, sampler=optuna.samplers.GridSampler(grid))
    study.optimize(lambda trial: trial.suggest_float("a", 0, 1) + trial.suggest_int("seed", 0, side), n_trials=None,
                   callbacks=[optuna.study.MaxTrialsCallback(side * side)])

def main():
    import optuna
    parser = argparse.ArgumentParser()
    parser.add_argument("--points", type=int, default=1024)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    side = int(round(args.points ** 0.5))
    with tempfile.TemporaryDirectory() as workdir:
        storage = f"sqlite:///{os.path.join(workdir, 'optuna.sqlite')}"
        optuna.create_study(study_name="noop", storage=storage)
        start = time.monotonic()
        processes = [multiprocessing.Process(target=work, args=(storage, "noop", side)) for _ in range(args.workers)]
        for process in processes:
            process.start()
        for process in processes:
            process.join()
        wall = time.monotonic() - start
        trials = optuna.load_study(study_name="noop", storage=storage).trials
    # Workers can overshoot the grid (each stops when it sees enough trials), so the rate counts points covered.
    complete = [t for t in trials if t.state == optuna.trial.TrialState.COMPLETE]
    points = len({(t.params["a"], t.params["seed"]) for t in complete})
    print(f"optuna {optuna.__version__}: {len(trials)} no-op grid trials ({len(complete)} complete, {points} distinct "
          f"of {side * side} points) with {args.workers} workers in {wall:.1f} s = {points / wall:.2f} points/s",
          flush=True)

if __name__ == "__main__":
    main()
