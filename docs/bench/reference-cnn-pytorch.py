# reference-cnn in PyTorch on CPU, for docs/benchmarks.md: the same layers, loss kind, optimizer, batch
# (32 pairs, both branches stacked) and threads as `siamage bench`; prints pairs/s and the median step.
# Run with Debian's python3-torch: /usr/bin/python3 docs/bench/reference-cnn-pytorch.py
import time, statistics, torch, torch.nn as nn, torch.nn.functional as F
torch.set_num_threads(2); torch.manual_seed(7)
class Net(nn.Module):
    def __init__(s):
        super().__init__()
        s.c1, s.c2, s.c3 = nn.Conv2d(3, 32, 3, padding=1), nn.Conv2d(32, 64, 3, padding=1), nn.Conv2d(64, 128, 3, padding=1)
        s.fc = nn.Linear(128 * 8 * 8, 64)
    def forward(s, x):
        for c in (s.c1, s.c2, s.c3):
            x = F.relu(F.max_pool2d(c(x), 2))
        return F.normalize(s.fc(x.flatten(1)), dim=1)
net = Net(); opt = torch.optim.Adam(net.parameters(), 1e-3)
n = 32
left, right = torch.rand(n, 3, 64, 64) * 2 - 1, torch.rand(n, 3, 64, 64) * 2 - 1
age_l = torch.randint(1, 80, (n,)).float(); age_r = torch.randint(1, 80, (n,)).float()
def step():
    e = net(torch.cat([left, right]))
    d = (e[:n] - e[n:]).pow(2).sum(1).add(1e-12).sqrt()
    gap = (age_l - age_r).abs()
    similar = (gap <= 3).float()
    neg_margin = torch.clamp(0.5 + 0.05 * gap, max=1.4)  # the default experiment's margins
    loss = (similar * F.relu(d - 0.1).pow(2) + (1 - similar) * F.relu(neg_margin - d).pow(2)).mean()
    opt.zero_grad(); loss.backward(); opt.step()
for _ in range(5): step()
times = []
t0 = time.perf_counter()
for _ in range(30):
    t = time.perf_counter(); step(); times.append(time.perf_counter() - t)
total = time.perf_counter() - t0
print(f"torch {torch.__version__}: {30 * n / total:.1f} pairs/s, median step {statistics.median(times) * 1000:.1f} ms")
