# plain-cnn in PyTorch on CPU, the peer of `siamage bench --backbones plain-cnn`: the same tower
# (five 3x3 conv-BN-ReLU blocks, width 32, 2x2 max pool after the first four, global average pool,
# MLP to a 128-d L2-normalised embedding), gender head on the pooled features, revised contrastive
# loss over every pair of a batch of 128 faces (64 pairs) with balanced terms, Adam, 2 threads.
# Prints faces/s and the median step. Run with Debian's python3-torch:
#   /usr/bin/python3 docs/bench/plain-cnn-pytorch.py [steps]
import sys, time, statistics, torch, torch.nn as nn, torch.nn.functional as F
torch.set_num_threads(2); torch.manual_seed(7)
steps = int(sys.argv[1]) if len(sys.argv) > 1 else 20
class Net(nn.Module):
    def __init__(s, w=32, e=128):
        super().__init__()
        ch = [3, w, 2 * w, 4 * w, 8 * w, 8 * w]
        s.convs = nn.ModuleList(nn.Conv2d(ch[i], ch[i + 1], 3, padding=1, bias=False) for i in range(5))
        s.norms = nn.ModuleList(nn.BatchNorm2d(ch[i + 1], eps=1e-3) for i in range(5))
        s.hidden, s.embedding, s.gender = nn.Linear(8 * w, 8 * w), nn.Linear(8 * w, e), nn.Linear(8 * w, 1)
    def forward(s, x):
        for i, (c, n) in enumerate(zip(s.convs, s.norms)):
            x = n(c(x))
            x = F.relu(F.max_pool2d(x, 2) if i < 4 else x)
        pooled = x.mean((2, 3))
        return F.normalize(s.embedding(F.relu(s.hidden(pooled))), dim=1), s.gender(pooled).squeeze(1)
net = Net(); opt = torch.optim.Adam(net.parameters(), 1e-3)
faces = 128
images = torch.rand(faces, 3, 64, 64) * 2 - 1
ages = torch.randint(1, 80, (faces,)).float(); female = torch.randint(0, 2, (faces,)).float()
def step():
    e, logit = net(images)
    d = (e[:, None, :] - e[None, :, :]).pow(2).sum(2).add(1e-12).sqrt()
    gap = (ages[:, None] - ages[None, :]).abs()
    off = 1 - torch.eye(faces)
    similar = (gap <= 3).float() * off; dissimilar = (gap > 3).float() * off
    margin = torch.clamp(0.5 + 0.05 * (gap - 3), max=1.4)
    pull = (similar * F.relu(d - 0.1).pow(2)).sum() / similar.sum().clamp(min=1)
    push = (dissimilar * F.relu(margin - d).pow(2)).sum() / dissimilar.sum().clamp(min=1)
    loss = pull + push + 0.2 * F.binary_cross_entropy_with_logits(logit, female)
    opt.zero_grad(); loss.backward(); opt.step()
for _ in range(3): step()
times = []
t0 = time.perf_counter()
for _ in range(steps):
    t = time.perf_counter(); step(); times.append(time.perf_counter() - t)
total = time.perf_counter() - t0
print(f"torch {torch.__version__}: {steps * faces / total:.1f} faces/s, median step {statistics.median(times) * 1000:.1f} ms")
