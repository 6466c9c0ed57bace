#!/usr/bin/env bash
# smoke-produce's produce throughput as a ratio of Kafka's own ProducerPerformance, both measured in
# this run against the same local three-broker cluster (in-process brokers in ZooKeeper mode), with
# the same record size, record count and acks=all (idempotent). Goal: ratio >= 0.8.
#
#   bench/smoke-vs-producer-perf.sh            COUNT=200000 RECORD_SIZE=100 ROUNDS=3 by default
#
# smoke-produce runs through the catalog (bin/jbang smoke-produce@catalog), on a fresh topic of 3
# partitions, replication factor 3, min.insync.replicas 2; it reports its own throughput (first send
# to last acknowledgement, after one untimed record per partition), so JVM and JBang start-up are not
# counted. ProducerPerformance writes to a topic of the same layout made when the cluster starts.
# Each tool runs ROUNDS times, alternating; the medians are compared.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${COUNT:-200000}
size=${RECORD_SIZE:-100}
rounds=${ROUNDS:-3}
work=$(mktemp -d)
cluster_pid=""

cleanup() {
  exec 3>&- 2>/dev/null || true
  [[ -n $cluster_pid ]] && wait "$cluster_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "building..." >&2
mvn -B -q install -DskipTests >/dev/null
mvn -B -q dependency:build-classpath -pl modules/testkit -Dmdep.includeScope=test \
  -Dmdep.outputFile="$work/classpath" >/dev/null
classpath=modules/testkit/target/classes:$(<"$work/classpath")
logging=(-Dslf4j.provider=org.slf4j.simple.SimpleServiceProvider -Dslf4j.internal.verbosity=WARN
  -Dorg.slf4j.simpleLogger.defaultLogLevel=error)

echo "starting ZooKeeper and 3 brokers..." >&2
mkfifo "$work/stop"
java "${logging[@]}" -cp "$classpath" dev.kafkapetset.testkit.servers.LocalKafka 3 reference:3:3:2 \
  <"$work/stop" >"$work/cluster.out" 2>"$work/cluster.err" &
cluster_pid=$!
exec 3>"$work/stop"
until grep -q '^bootstrap.servers=' "$work/cluster.out"; do
  kill -0 "$cluster_pid" 2>/dev/null || { cat "$work/cluster.err" >&2; echo "the cluster did not start" >&2; exit 1; }
  sleep 0.5
done
bootstrap=$(sed -n 's/^bootstrap.servers=//p' "$work/cluster.out")
echo "cluster: $bootstrap" >&2

ours() {
  local json
  json=$(bin/jbang smoke-produce@catalog --bootstrap-servers "$bootstrap" --count "$count" --record-size "$size" -o json)
  grep -o '"recordsPerSecond" : [0-9.]*' <<<"$json" | awk '{print $3}'
}

theirs() {
  java "${logging[@]}" -cp "$classpath" org.apache.kafka.tools.ProducerPerformance --topic reference \
    --num-records "$count" --record-size "$size" --throughput -1 \
    --producer-props bootstrap.servers="$bootstrap" acks=all enable.idempotence=true \
    | tail -1 | sed -E 's/.* records sent, ([0-9.]+) records\/sec.*/\1/'
}

median() {
  sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'
}

ours >/dev/null # warm-up: the first run also compiles the script through JBang
: >"$work/ours"
: >"$work/theirs"
for round in $(seq "$rounds"); do
  o=$(ours)
  t=$(theirs)
  printf 'round %d: smoke-produce %.0f records/s, ProducerPerformance %.0f records/s\n' "$round" "$o" "$t"
  echo "$o" >>"$work/ours"
  echo "$t" >>"$work/theirs"
done
o=$(median <"$work/ours")
t=$(median <"$work/theirs")
printf 'median: smoke-produce %.0f records/s, ProducerPerformance %.0f records/s (%d records of %d bytes, acks=all)\n' \
  "$o" "$t" "$count" "$size"
awk -v o="$o" -v t="$t" 'BEGIN {printf "ratio: %.2f (goal >= 0.80)\n", o / t}'
