# The scikit-learn side of `siamage bench --tsne`: Barnes-Hut t-SNE of the same data, timed here.
# Arguments: data.csv coordinates.csv perplexity iterations seed threads
import json
import resource
import sys
import time

import numpy as np
import sklearn
from sklearn.manifold import TSNE

data_file, out_file, perplexity, iterations, seed, threads = sys.argv[1:7]
data = np.loadtxt(data_file, delimiter=",", dtype=np.float64)
major, minor = (int(part) for part in sklearn.__version__.split(".")[:2])
iteration_option = "max_iter" if (major, minor) >= (1, 5) else "n_iter"
options = {iteration_option: int(iterations)}
start = time.perf_counter()
tsne = TSNE(n_components=2, perplexity=float(perplexity), init="pca", learning_rate="auto",
            method="barnes_hut", angle=0.5, random_state=int(seed), n_jobs=int(threads), **options)
coordinates = tsne.fit_transform(data)
seconds = time.perf_counter() - start
np.savetxt(out_file, coordinates, delimiter=",", fmt="%.6f")
print(json.dumps({"seconds": seconds, "klDivergence": float(tsne.kl_divergence_),
                  "iterations": int(tsne.n_iter_), "version": sklearn.__version__,
                  "peakResidentMegabytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}))
