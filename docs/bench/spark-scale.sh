#!/usr/bin/env bash
# Faces/s of the Spark job (local[1], local[2]) beside `siamage predict` on the same images and
# machine, alternating, three rounds; prints a Markdown table of medians (docs/benchmarks.md,
# "Scoring on Spark"). Run from the repository root after `mvn -q package -DskipTests`, with nothing
# else running:
#
#   docs/bench/spark-scale.sh MODEL.siamage [COPIES]
#
# The images are the sample faces, each linked COPIES times (default 3, i.e. 3,000 images), so the
# fixed costs (JVM, Spark and model start-up) weigh less than with 1,000.
set -euo pipefail
cd "$(dirname "$0")/../.."
model=${1:?usage: docs/bench/spark-scale.sh MODEL.siamage [COPIES]}
copies=${2:-3}
work=runs/bench/spark-scale
rm -rf "$work" && mkdir -p "$work/images"
for copy in $(seq 1 "$copies"); do
  for image in sample-data/faces/images/*.jpg; do
    ln -s "$PWD/$image" "$work/images/c${copy}_$(basename "$image")"
  done
done
count=$(ls "$work/images" | wc -l)
echo "$count images, model $model, $(nproc) cores" >&2

run() { # label, command…: prints "label seconds peak_rss_mb"
  local label=$1; shift
  local start end
  start=$(date +%s.%N)
  /usr/bin/time -f "%M" -o "$work/rss" "$@" > "$work/$label.out" 2> "$work/$label.err"
  end=$(date +%s.%N)
  echo "$label $(echo "$end - $start" | bc) $(( $(cat "$work/rss") / 1024 ))"
}

results=$work/results.txt
: > "$results"
for round in 1 2 3; do
  run predict java -jar target/siamage.jar predict --model "$model" "$work/images" --out "$work/predict.csv" >> "$results"
  for n in 1 2; do
    rm -rf "$work/out-$n"
    run "local$n" src/spark/submit-local.sh --master "local[$n]" -- predict --model "$model" \
      --input "$work/images" --out "$work/out-$n" >> "$results"
    grep -o 'in [0-9.]* s' "$work/local$n.out" | sed "s/^/local$n job: /" >> "$work/job-times.txt"
  done
  echo "round $round done" >&2
done

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
echo "| run | wall s (median of 3) | images/s (wall) | job s, model check to last row (median) | images/s (job) | peak RSS MB (median) |"
echo "|---|---:|---:|---:|---:|---:|"
for label in predict local1 local2; do
  wall=$(awk -v l=$label '$1==l {print $2}' "$results" | median)
  rss=$(awk -v l=$label '$1==l {print $3}' "$results" | median)
  if [ "$label" = predict ]; then
    job="–"; job_rate="–"
  else
    job=$(grep "^$label job" "$work/job-times.txt" | awk '{print $4}' | median)
    job_rate=$(echo "scale=1; $count / $job" | bc)
  fi
  echo "| $label | $wall | $(echo "scale=1; $count / $wall" | bc) | $job | $job_rate | $rss |"
done
