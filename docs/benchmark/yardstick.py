"""Issue 11's yardstick in PyTorch, written for TomoCN (not the authors' code, and not
run by CI): 200 iterations of the authors' network (reference-recipe.md: SIREN, 3 -> 256
sine layer, four 256 -> 256 sine layers, linear 256 -> 1, w0 = 30, the recipe's
initialisation) on one 2-row chunk of an NX x NX x NZ volume (NX x 2 x NZ voxels, x by y by
z, pixels), 61 parallel-beam views -60:2:60 degrees about y, L1 loss on the projections,
AdamW with amsgrad and weight decay 0, learning rate 1e-3 held (the Java twin:
CoordinateNetworkBenchmark#yardstick). The projector is a sparse matrix of ray weights
(bilinear samples at unit steps along each ray), built once, as TomoCN's host loss uses one.
The data: random discs through both rows, projected by the same matrix, normalised to at
most 1. Only the time matters; the loss is printed to show the fit runs.

Set-up on Debian (no PyPI here): apt-get install python3-torch libopenblas0-pthread
(without OpenBLAS, Debian's torch multiplies with the reference BLAS).
Usage: /usr/bin/python3 docs/benchmark/yardstick.py [NX NZ [THREADS [ITERATIONS]]]
"""
import math
import sys
import time

import numpy as np
import torch

nx = int(sys.argv[1]) if len(sys.argv) > 1 else 128
nz = int(sys.argv[2]) if len(sys.argv) > 2 else 64
threads = int(sys.argv[3]) if len(sys.argv) > 3 else 2
its = int(sys.argv[4]) if len(sys.argv) > 4 else 200
ny, width, w0 = 2, 256, 30.0
torch.set_num_threads(threads)
torch.manual_seed(1)
angles = np.deg2rad(np.arange(-60, 61, 2))

# ray matrix: row (view a, detector bin u), column (x, z); voxel centres at integer pixels
rows, cols, vals = [], [], []
cx, cz = (nx - 1) / 2, (nz - 1) / 2
half = math.hypot(nx, nz) / 2
steps = np.arange(-half, half + 1e-9, 1.0)
for a, t in enumerate(angles):
    c, s = math.cos(t), math.sin(t)
    for u in range(nx):
        x = (u - cx) * c - steps * s + cx
        z = (u - cx) * s + steps * c + cz
        x0, z0 = np.floor(x).astype(int), np.floor(z).astype(int)
        fx, fz = x - x0, z - z0
        for xi, zi, w in ((x0, z0, (1 - fx) * (1 - fz)), (x0 + 1, z0, fx * (1 - fz)),
                          (x0, z0 + 1, (1 - fx) * fz), (x0 + 1, z0 + 1, fx * fz)):
            ok = (xi >= 0) & (xi < nx) & (zi >= 0) & (zi < nz) & (w > 0)
            rows.extend([a * nx + u] * int(ok.sum()))
            cols.extend((xi[ok] * nz + zi[ok]).tolist())
            vals.extend(w[ok].tolist())
A = torch.sparse_coo_tensor(np.array([rows, cols]), np.array(vals, dtype=np.float32),
                            (len(angles) * nx, nx * nz)).coalesce().to_sparse_csr()

xs, zs = np.meshgrid(np.arange(nx), np.arange(nz), indexing="ij")
vol = np.zeros((nx, nz, ny), np.float32)
rng = np.random.default_rng(1)
for _ in range(12):
    px, pz, r = rng.uniform(0.1, 0.9) * nx, rng.uniform(0.15, 0.85) * nz, rng.uniform(0.03, 0.07) * nx
    vol[((xs - px) ** 2 + (zs - pz) ** 2) < r * r, :] += 1
proj = A @ torch.from_numpy(vol.reshape(nx * nz, ny))
proj = proj / proj.abs().max()


class Sine(torch.nn.Module):
    def __init__(self, fin, fout, first):
        super().__init__()
        self.linear = torch.nn.Linear(fin, fout)
        bound = 1 / fin if first else math.sqrt(6 / fin) / w0
        with torch.no_grad():
            self.linear.weight.uniform_(-bound, bound)

    def forward(self, x):
        return torch.sin(w0 * self.linear(x))


net = torch.nn.Sequential(Sine(3, width, True), *[Sine(width, width, False) for _ in range(4)],
                          torch.nn.Linear(width, 1))
grid = torch.meshgrid(torch.linspace(0, 1, nx), torch.linspace(0, 1, nz), torch.linspace(0, 1, ny), indexing="ij")
coords = torch.stack([g.reshape(-1) for g in grid], 1)  # (x, z, y), the layout of vol
opt = torch.optim.AdamW(net.parameters(), lr=1e-3, weight_decay=0, amsgrad=True)

t0 = time.time()
for i in range(its):
    opt.zero_grad(set_to_none=True)
    loss = (A @ net(coords).reshape(nx * nz, ny) - proj).abs().mean()
    loss.backward()
    opt.step()
    if i == 0:
        t1 = time.time()
t = time.time() - t0
print(f"PyTorch {torch.__version__}, {threads} threads, {nx}x2x{nz} chunk: {its} iterations in {t:.1f} s "
      f"({(t - (t1 - t0)) / max(1, its - 1) * 1e3:.0f} ms per iteration after the first), loss {loss.item():.5f}")
