# Inception V3 Siamese training step on one NVIDIA GPU in PyTorch: the set-up of the GPU table in
# docs/benchmarks.md (torchvision's Inception V3 without the auxiliary head, 128-d L2-normalised
# embedding, revised contrastive loss over the N sampled pairs, Adam 1e-4, 299 x 299 random inputs,
# cudnn.benchmark on, 8 warm-up and 30 timed steps). Prints one line per setting: batch in pairs,
# precision, layout, median step, images/s and peak GPU memory. Needs torch and torchvision:
#   python3 docs/bench/inception-v3-gpu-pytorch.py
import statistics, time, torch, torch.nn as nn, torch.nn.functional as F, torchvision

assert torch.cuda.is_available(), "needs an NVIDIA GPU"
torch.backends.cudnn.benchmark = True
device = torch.device("cuda")


def revised_contrastive(d, gap, tau=3.0, m_pos=0.1, m0=0.5, slope=0.05, m_max=1.4):
    similar = gap <= tau
    margin = torch.clamp(m0 + slope * (gap - tau), max=m_max)
    pos = F.relu(d - m_pos).pow(2)
    neg = F.relu(margin - d).pow(2)
    return torch.where(similar, pos, neg).mean()


def measure(pairs, bf16, channels_last, warmup=8, timed=30):
    torch.manual_seed(7)
    net = torchvision.models.inception_v3(weights=None, aux_logits=False, init_weights=True)
    net.fc = nn.Linear(2048, 128)
    net = net.to(device)
    if channels_last:
        net = net.to(memory_format=torch.channels_last)
    opt = torch.optim.Adam(net.parameters(), 1e-4)
    images = torch.rand(2 * pairs, 3, 299, 299, device=device) * 2 - 1
    if channels_last:
        images = images.contiguous(memory_format=torch.channels_last)
    ages = torch.randint(1, 80, (2 * pairs,), device=device).float()
    torch.cuda.reset_peak_memory_stats()
    times = []
    for i in range(warmup + timed):
        torch.cuda.synchronize()
        start = time.perf_counter()
        with torch.autocast("cuda", dtype=torch.bfloat16, enabled=bf16):
            e = F.normalize(net(images).float(), dim=1)
        left, right = e[:pairs], e[pairs:]
        d = (left - right).pow(2).sum(1).add(1e-12).sqrt()
        loss = revised_contrastive(d, (ages[:pairs] - ages[pairs:]).abs())
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        torch.cuda.synchronize()
        if i >= warmup:
            times.append(time.perf_counter() - start)
    step = statistics.median(times)
    peak = torch.cuda.max_memory_allocated() / 2**30
    print(f"{pairs} pairs  {'bfloat16 autocast' if bf16 else 'float32'}  "
          f"{'channels-last' if channels_last else 'NCHW'}  step {step * 1000:.1f} ms  "
          f"{2 * pairs / step:,.0f} images/s  peak {peak:.1f} GiB", flush=True)
    del net, opt, images
    torch.cuda.empty_cache()


print(torch.cuda.get_device_name(0), "torch", torch.__version__)
measure(32, False, False)
measure(32, True, True)
measure(64, True, True)
