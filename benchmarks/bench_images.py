"""Decode + resize to 224 of real JPEGs: OpenCV (`open_image` + `cv2.resize`) vs torchvision's default PIL pipeline
vs `torchvision.io.decode_jpeg`, each in one thread and in a pool of threads.

    .venv/bin/python benchmarks/bench_images.py                # 200 JPEGs, 1 and 2 threads, best of 2 runs
    .venv/bin/python benchmarks/bench_images.py --n 400 --threads 1 2 4 --repeats 3

The JPEGs are crops of scikit-image's photos saved at 375 to 1024 pixels (longest side), written once to
`course_dl.datasets.cache_dir()/bench_jpegs`. OpenCV's and torch's internal thread pools are pinned to 1 thread while
timing (see `bench_loaders` below), so the only parallelism is the pool's. Timings on a shared machine are
noisy: compare the ratios, and run it twice.
"""
import argparse, os, platform, time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Callable, Sequence, Union

import cv2, numpy as np, PIL, torch, torchvision

from course_dl.images import open_image
from course_dl.datasets import cache_dir, write_atomic

def photo_jpegs(folder:Union[str, Path], # where to write the JPEGs (created if needed)
                n:int=12, # how many images
                sizes:Sequence[int]=(375, 500, 800, 1024), # longest sides to cycle through, in pixels
                seed:int=0, # for the crops
                quality:int=90, # JPEG quality
               )->list: # the paths of the JPEGs, in order
    "Write `n` JPEGs of random crops of skimage's colour photos at several sizes (files already there are kept)."
    import skimage.data
    folder = Path(folder); folder.mkdir(parents=True, exist_ok=True)
    names = ['astronaut', 'coffee', 'chelsea', 'rocket', 'hubble_deep_field', 'immunohistochemistry', 'retina']
    rng, photos, paths = np.random.default_rng(seed), {}, []
    for i in range(n):
        name, size = names[i % len(names)], sizes[(i // len(names)) % len(sizes)]
        crop = rng.uniform(0.6, 1, 2)                       # drawn for every i, so files stay the same when n grows
        p = folder/f'{i:04d}_{name}_{size}.jpg'
        paths.append(p)
        if p.exists(): continue
        if name not in photos: photos[name] = getattr(skimage.data, name)()
        im = photos[name]
        h, w = (int(s*c) for s, c in zip(im.shape[:2], crop))
        im = im[(im.shape[0]-h)//2:(im.shape[0]-h)//2+h, (im.shape[1]-w)//2:(im.shape[1]-w)//2+w]
        scale = size/max(h, w)
        im = cv2.resize(im, (round(w*scale), round(h*scale)), interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC)
        ok, buf = cv2.imencode('.jpg', cv2.cvtColor(im, cv2.COLOR_RGB2BGR), [cv2.IMWRITE_JPEG_QUALITY, quality])
        write_atomic(p, buf.tobytes())                      # never a half-written JPEG
    return paths

def load_cv2(p, size:int=224)->np.ndarray:
    "OpenCV pipeline: `open_image`, then `cv2.resize` to `size`x`size` -> float32 (size, size, 3)."
    return cv2.resize(open_image(p), (size, size), interpolation=cv2.INTER_AREA)

def load_pil(p, size:int=224)->torch.Tensor:
    "torchvision's default pipeline: PIL decode, `Resize`, `ToTensor` -> float32 (3, size, size)."
    from PIL import Image
    from torchvision.transforms import functional as F
    with Image.open(p) as im: return F.to_tensor(F.resize(im.convert('RGB'), [size, size]))

def load_tvio(p, size:int=224)->torch.Tensor:
    "torchvision.io pipeline: `decode_jpeg`, antialiased tensor resize -> float32 (3, size, size)."
    import torchvision.io
    from torchvision.transforms.v2 import functional as F
    im = torchvision.io.decode_jpeg(torchvision.io.read_file(str(p)))
    return F.resize(im, [size, size], antialias=True).float().div_(255)

LOADERS = {'opencv': load_cv2, 'PIL (torchvision)': load_pil, 'torchvision.io': load_tvio}

def time_loader(load:Callable, # one of the loaders, path -> image
                paths:Sequence, # image files
                threads:int=1, # 1: a plain loop; more: a ThreadPoolExecutor of that many threads
               )->tuple: # (wall-clock seconds, CPU seconds used by this process)
    "Time `load` over `paths`, in one thread or a pool of `threads`."
    t0, c0 = time.perf_counter(), time.process_time()
    if threads == 1:
        for p in paths: load(p)
    else:
        with ThreadPoolExecutor(threads) as ex:
            for _ in ex.map(load, paths): pass
    return time.perf_counter()-t0, time.process_time()-c0

def bench_loaders(paths:Sequence, # image files
                  loaders:dict=None, # name -> loader; default `LOADERS`
                  threads:Sequence[int]=(1, 2), # pool sizes to time
                  repeats:int=1, # best of this many runs, interleaved so a busy moment hits all loaders alike
                 )->dict: # {loader: {'CPU ms/img': ..., 'img/s @1': ..., 'cores @1': ..., 'img/s @2': ..., ...}}
    "CPU time per image (one thread), and per pool size the wall-clock throughput and the cores kept busy."
    loaders = LOADERS if loaders is None else loaders
    old = cv2.getNumThreads(), torch.get_num_threads()
    cv2.setNumThreads(1); torch.set_num_threads(1)              # only our threads run in parallel
    try:
        for load in loaders.values(): load(paths[0])             # warm up: imports, caches
        best = {}
        for _ in range(repeats):
            for name, load in loaders.items():
                for t in threads:
                    w, c = time_loader(load, paths, t)
                    if w < best.get((name, t), (np.inf,))[0]: best[name, t] = w, c
    finally: cv2.setNumThreads(old[0]); torch.set_num_threads(old[1])
    res = {}
    for name in loaders:
        r = res[name] = {'CPU ms/img': 1000*best[name, threads[0]][1]/len(paths)}
        for t in threads:
            w, c = best[name, t]
            r[f'img/s @{t}'], r[f'cores @{t}'] = len(paths)/w, c/w
    return res


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
