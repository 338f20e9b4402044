# The plain CNN of issue 17 in PyTorch on CPU, as a new user would train it: five 3x3
# conv-BN-ReLU blocks (32-64-128-256-256), 2x2 max pool after the first four, global average
# pooling, an L1 age regression on the standardised age and a gender head, Adam 1e-3 with a cosine
# schedule over a wall-clock budget, flips and shifts, 2 threads, from random weights. It trains on
# the protocol split's training part and prints validation MAE per epoch and the test MAE at the
# end (flip-averaged), for RESULTS.md's comparison. Needs Debian's python3-torch and python3-pil:
#   /usr/bin/python3 docs/bench/plain-regression-pytorch.py DATASET SPLIT.json [seconds] [px] [batch] [shift]
# e.g. /usr/bin/python3 docs/bench/plain-regression-pytorch.py ../shared/datasets/aaf docs/protocol/aaf-split.json 900 64 128 4
import csv, json, math, sys, time
import numpy as np, torch, torch.nn as nn, torch.nn.functional as F
from PIL import Image

torch.set_num_threads(2); torch.manual_seed(7)
dataset, split_file = sys.argv[1].rstrip('/') + '/', sys.argv[2]
budget = float(sys.argv[3]) if len(sys.argv) > 3 else 900
size = int(sys.argv[4]) if len(sys.argv) > 4 else 64
batch = int(sys.argv[5]) if len(sys.argv) > 5 else 128
shift = int(sys.argv[6]) if len(sys.argv) > 6 else 4
split = json.load(open(split_file))
labels = {row['file']: row for row in csv.DictReader(open(dataset + 'labels.csv'))}

def load(ids):
    """The largest centred square of each image, box-filtered to size x size (as Siamage's pre-aligned path)."""
    pixels = np.zeros((len(ids), 3, size, size), np.uint8)
    ages, female = np.zeros(len(ids), np.float32), np.zeros(len(ids), np.float32)
    for i, file in enumerate(ids):
        image = Image.open(dataset + file).convert('RGB'); w, h = image.size; s = min(w, h)
        left, top = (w - s) // 2, (h - s) // 2
        image = image.crop((left, top, left + s, top + s)).resize((size, size), Image.BOX)
        pixels[i] = np.asarray(image).transpose(2, 0, 1)
        ages[i] = float(labels[file]['age']); female[i] = labels[file]['gender'] == 'F'
    return torch.from_numpy(pixels), torch.from_numpy(ages), torch.from_numpy(female)

train, validation, test = (load(split[k]) for k in ('trainIds', 'validationIds', 'testIds'))
mean_age, age_deviation = train[1].mean(), train[1].std()

class PlainCnn(nn.Module):
    def __init__(self, w=32):
        super().__init__()
        channels = [3, w, 2 * w, 4 * w, 8 * w, 8 * w]
        self.convs = nn.ModuleList(nn.Conv2d(channels[i], channels[i + 1], 3, padding=1, bias=False) for i in range(5))
        self.norms = nn.ModuleList(nn.BatchNorm2d(channels[i + 1]) for i in range(5))
        self.age, self.gender = nn.Linear(8 * w, 1), nn.Linear(8 * w, 1)

    def forward(self, x):
        for i, (conv, norm) in enumerate(zip(self.convs, self.norms)):
            x = F.relu(norm(conv(x)))
            if i < 4:
                x = F.max_pool2d(x, 2)
        pooled = x.mean((2, 3))
        return self.age(pooled).squeeze(1), self.gender(pooled).squeeze(1)

net = PlainCnn(); optimiser = torch.optim.Adam(net.parameters(), 1e-3)
scaled = lambda x: x.float() / 127.5 - 1

def augmented(x):
    n = x.shape[0]
    x = torch.where((torch.rand(n) < 0.5)[:, None, None, None], x.flip(3), x)
    if not shift:
        return x
    padded = F.pad(x, (shift,) * 4, mode='replicate')
    dx, dy = torch.randint(0, 2 * shift + 1, (n,)), torch.randint(0, 2 * shift + 1, (n,))
    return torch.stack([padded[i, :, dy[i]:dy[i] + size, dx[i]:dx[i] + size] for i in range(n)])

def scores(part, flip=True):
    net.eval(); ages, logits = [], []
    with torch.no_grad():
        for i in range(0, len(part[0]), 256):
            x = scaled(part[0][i:i + 256]); age, logit = net(x)
            if flip:
                age2, logit2 = net(x.flip(3)); age, logit = (age + age2) / 2, (logit + logit2) / 2
            ages.append(age * age_deviation + mean_age); logits.append(logit)
    net.train(); error = (torch.cat(ages) - part[1]).abs()
    return error.mean().item(), (error <= 5).float().mean().item() * 100, ((torch.cat(logits) > 0).float() == part[2]).float().mean().item() * 100

start, steps, epoch, out_of_time = time.time(), 0, 0, False
while not out_of_time:
    order = torch.randperm(len(train[0])); epoch += 1
    for i in range(0, len(order) - batch + 1, batch):
        elapsed = time.time() - start
        if elapsed >= budget:
            out_of_time = True; break
        for group in optimiser.param_groups:
            group['lr'] = 1e-3 * 0.5 * (1 + math.cos(math.pi * elapsed / budget))
        chosen = order[i:i + batch]
        age, logit = net(augmented(scaled(train[0][chosen])))
        loss = (age - (train[1][chosen] - mean_age) / age_deviation).abs().mean() \
            + F.binary_cross_entropy_with_logits(logit, train[2][chosen])
        optimiser.zero_grad(); loss.backward(); optimiser.step(); steps += 1
    mae, cs5, gender = scores(validation)
    print(f'epoch {epoch}, step {steps}, {time.time() - start:.0f} s: validation MAE {mae:.2f}, CS(5) {cs5:.1f} %, gender {gender:.1f} %', flush=True)
mae, cs5, gender = scores(test)
print(f'{size} px, {batch} faces per step, {steps} steps ({epoch} epochs) in {budget:.0f} s: '
      f'test MAE {mae:.2f}, CS(5) {cs5:.1f} %, gender {gender:.1f} % (flip-averaged)')
