#!/usr/bin/env bash
# What the toolkit adds over the JVM floor: a warm `--help` and a warm `--dry-run` of deploy-service
# through the catalog, against a bare `java -cp` run of the same entry point, in the same run. (Its
# plan needs no cluster: with none reachable it plans what a first run would do.)
#
#   bench/launcher-overhead.sh [RUNS]      (default 15 runs of each, interleaved)
#
# Prints the median wall time of each way and its ratio to the bare JVM. Three ways:
#   catalog (fast path)  bin/jbang deploy-service@catalog ...   (kept command line: no JBang JVM)
#   catalog (plain)      the same with KAFKA_PETSET_PLAIN_JBANG=1 (JBang decides every time)
#   bare java            java <the script's JVM options> -cp <JBang's build of the script and its jars> DeployService ...
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-15}
step=deploy-service
# The launch alone: the class data archive a step gets from its third run on is status-vs-kafka-topics.sh's.
export KAFKA_PETSET_BUNDLED_JBANG=1 NO_COLOR=1 KAFKA_PETSET_NO_CDS=1

# Warm everything once: JBang's build of the script, the kept command line, the page cache.
bin/jbang "$step@catalog" --help >/dev/null
KAFKA_PETSET_PLAIN_JBANG=1 bin/jbang "$step@catalog" --help >/dev/null
info=$(KAFKA_PETSET_PLAIN_JBANG=1 bin/jbang info tools "$step@catalog")
json_field() { # a string or a list of strings from JBang's info JSON, ':'-joined
  python3 -c 'import json,sys; v=json.load(sys.stdin)[sys.argv[1]]; print(":".join(v) if isinstance(v,list) else v)' "$1"
}
classpath="$(json_field applicationJar <<<"$info"):$(json_field resolvedDependencies <<<"$info")"
main=$(json_field mainClass <<<"$info")
# The JVM options the scripts ask for (//JAVA_OPTIONS), so that the bare run differs only in how it is launched.
mapfile -t runtime_options < <(python3 -c 'import json,sys; print(*json.load(sys.stdin)["runtimeOptions"], sep="\n")' <<<"$info")

now_ms() { date +%s%3N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

measure() { # label, then the arguments given to each way
  local label=$1 i start
  shift
  local fast=() plain=() bare=()
  for ((i = 0; i < runs; i++)); do
    start=$(now_ms); bin/jbang "$step@catalog" "$@" >/dev/null; fast+=($(($(now_ms) - start)))
    start=$(now_ms); KAFKA_PETSET_PLAIN_JBANG=1 bin/jbang "$step@catalog" "$@" >/dev/null; plain+=($(($(now_ms) - start)))
    start=$(now_ms); java "${runtime_options[@]}" -cp "$classpath" "$main" "$@" >/dev/null; bare+=($(($(now_ms) - start)))
  done
  local f p b
  f=$(printf '%s\n' "${fast[@]}" | median)
  p=$(printf '%s\n' "${plain[@]}" | median)
  b=$(printf '%s\n' "${bare[@]}" | median)
  printf '%-22s %10s %10s %10s %12s %12s\n' "$label" "$f" "$p" "$b" \
    "$(awk -v x="$f" -v y="$b" 'BEGIN {printf "%.2f", x / y}')" \
    "$(awk -v x="$p" -v y="$b" 'BEGIN {printf "%.2f", x / y}')"
}

echo "$step, median of $runs warm runs each (ms); ratios against bare java"
printf '%-22s %10s %10s %10s %12s %12s\n' "" "fast path" "plain" "bare java" "fast/bare" "plain/bare"
measure "--help" --help
measure "--dry-run" --dry-run
