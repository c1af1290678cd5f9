"""Decode + resize to 224 of real JPEGs: OpenCV (`open_image` + `cv2.resize`) vs torchvision's default PIL pipeline
vs `torchvision.io.decode_jpeg`, each in one thread and in a pool of threads.

    .venv/bin/python benchmarks/bench_images.py                # 200 JPEGs, 1 and 2 threads, best of 2 runs
    .venv/bin/python benchmarks/bench_images.py --n 400 --threads 1 2 4 --repeats 3

The JPEGs are crops of scikit-image's photos saved at 375 to 1024 pixels (longest side), written once to
`course_dl.pascal.cache_dir()/bench_jpegs`. OpenCV's and torch's internal thread pools are pinned to 1 thread while
timing (see `course_dl.images.bench_loaders`), so the only parallelism is the pool's. Timings on a shared machine are
noisy: compare the ratios, and run it twice.
"""
import argparse, os, platform, time

import cv2, numpy as np, PIL, torch, torchvision

from course_dl.images import LOADERS, bench_loaders, photo_jpegs
from course_dl.pascal import cache_dir

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--n', type=int, default=200, help='number of JPEGs')
    ap.add_argument('--threads', type=int, nargs='+', default=[1, 2], help='pool sizes to time')
    ap.add_argument('--repeats', type=int, default=2, help='best of this many runs')
    ap.add_argument('--size', type=int, default=224, help='resize to size x size')
    args = ap.parse_args()

    paths = photo_jpegs(cache_dir()/'bench_jpegs', n=args.n)
    mb = sum(p.stat().st_size for p in paths)/2**20
    print(f"{len(paths)} JPEGs ({mb:.1f} MB, 375-1024 px) -> {args.size}x{args.size} float32")
    print(f"opencv {cv2.__version__}, Pillow {PIL.__version__}, torchvision {torchvision.__version__}, "
          f"torch {torch.__version__}; {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.1f} (machine shared: read ratios, not absolute numbers)")
    loaders = {k: (lambda p, f=f: f(p, args.size)) for k, f in LOADERS.items()}
    # two references: OpenCV resizing the uint8 image before converting to float (how much of open_image's time is
    # the float conversion at full size), and pure Python work that holds the GIL (what threads cannot speed up)
    loaders['opencv, uint8 resize'] = lambda p: cv2.resize(cv2.cvtColor(cv2.imread(str(p)), cv2.COLOR_BGR2RGB),
                                                           (args.size, args.size), interpolation=cv2.INTER_AREA
                                                           ).astype(np.float32)/255
    loaders['pure Python (GIL)'] = lambda p: sum(i*i for i in range(100_000))
    t0 = time.perf_counter()
    res = bench_loaders(paths, loaders, threads=args.threads, repeats=args.repeats)
    base, ts = res['PIL (torchvision)'], args.threads
    cols = ['CPU ms/img', 'PIL CPU / this'] + [f'img/s @{t}' for t in ts] + [f'cores @{t}' for t in ts]
    cols += [f'@{t} / @{ts[0]}' for t in ts[1:]]
    print(f"\n{'pipeline':<22}" + ''.join(f'{c:>15}' for c in cols))
    for name, r in res.items():
        vals = [r['CPU ms/img'], base['CPU ms/img']/r['CPU ms/img']] + [r[f'img/s @{t}'] for t in ts]
        vals += [r[f'cores @{t}'] for t in ts] + [r[f'img/s @{t}']/r[f'img/s @{ts[0]}'] for t in ts[1:]]
        print(f"{name:<22}" + ''.join(f'{v:15.2f}' for v in vals))
    print("\nCPU ms/img: CPU time of this process per image in one thread (steady even when the machine is busy).\n"
          "img/s @t: wall-clock images per second with a pool of t threads; cores @t: CPU time / wall time, the\n"
          "cores kept busy on average (above 1 only if the threads run at once, i.e. the loader releases the GIL);\n"
          "@t / @1: how throughput scales with threads (needs t idle cores to reach t).")
    print(f"\n({time.perf_counter()-t0:.0f} s; load average now {os.getloadavg()[0]:.1f})")

if __name__ == '__main__': main()
