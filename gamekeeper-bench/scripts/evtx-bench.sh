#!/usr/bin/env bash
# End-to-end EVTX benchmark: gamekeeper dump against libevtx's evtxexport, side by side, same inputs.
#
#   gamekeeper-bench/scripts/evtx-bench.sh [RUNS]      (default 3 runs each; medians reported)
#
# Builds under bench-work/ (git-ignored): 1m/ = 122 copies of evtx-attack-samples as symbolic
# links (33,794 files, ~1.0 M records), merged-1m.evtx and two merged halves made with
# ../shared/tools/merge-evtx.py, 10g/ = 240 copies as symbolic links (~10 GB) for peak memory.
# Times are wall-clock from /usr/bin/time with the inputs in page cache; ours are net of start-up
# (a run on an empty folder is subtracted). Prints a Markdown table.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
corpus="${GAMEKEEPER_CORPUS:-$here/../shared/corpus}"
tools="$(cd "$corpus/../tools" && pwd)"
work="$here/bench-work"
runs="${1:-3}"
src="$corpus/evtx/evtx-attack-samples"
mkdir -p "$work"
command -v evtxexport >/dev/null || { echo "evtxexport missing: apt-get install libevtx-utils" >&2; exit 3; }

links() { # links DIR COPIES
  local dir="$1" copies="$2"
  [ -f "$dir/.done-$copies" ] && return
  rm -rf "$dir"; mkdir -p "$dir"
  for c in $(seq -w 1 "$copies"); do
    cp -rs "$src" "$dir/$c"                       # a tree of symbolic links to the corpus files
    find "$dir/$c" -type l ! -iname '*.evtx' -delete
  done
  touch "$dir/.done-$copies"
}
links "$work/1m" 122
[ -f "$work/merged-1m.evtx" ] || python3 "$tools/merge-evtx.py" "$src" 122 "$work/merged-1m.evtx" >/dev/null
[ -f "$work/merged-half.evtx" ] || python3 "$tools/merge-evtx.py" "$src" 61 "$work/merged-half.evtx" >/dev/null
mkdir -p "$work/empty"
gk="$here/gamekeeper"
"$gk" --version >/dev/null   # build first, outside the timings

# Records in an input, counted by our reader (the reference TSVs show libevtx agrees on these files).
count() { "$gk" dump --no-progress --threads 2 "$@" 2>&1 >/dev/null | sed -n 's/^dump: [0-9]* file(s), \([0-9]*\) record(s).*/\1/p'; }

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# time_cmd NAME CMD... -> prints "wall_seconds peak_rss_kb" per run into $work/NAME.times
time_cmd() {
  local name="$1"; shift
  : > "$work/$name.times"
  for _ in $(seq 1 "$runs"); do
    /usr/bin/time -f "%e %M" -o "$work/$name.time1" "$@" >/dev/null 2>"$work/$name.stderr" || true
    tail -n 1 "$work/$name.time1" >> "$work/$name.times"   # the last line: time also notes a non-zero exit
  done
}
wall() { awk '{print $1}' "$work/$1.times" | median; }
rss() { awk '{print $2}' "$work/$1.times" | sort -n | tail -1; }

list1m="$work/list-1m.txt"
find -L "$work/1m" -iname '*.evtx' -type f > "$list1m"

time_cmd gk-empty "$gk" dump --no-progress --threads 2 "$work/empty"
time_cmd gk-links "$gk" dump --no-progress --threads 2 "$work/1m"
time_cmd gk-merged "$gk" dump --no-progress --threads 2 "$work/merged-1m.evtx"
time_cmd gk-halves "$gk" dump --no-progress --threads 2 "$work/merged-half.evtx" "$work/merged-half.evtx"
time_cmd libevtx-links sh -c "tr '\n' '\0' < '$list1m' | xargs -0 -P2 -n1 evtxexport -f xml"
time_cmd libevtx-halves sh -c "evtxexport -f xml '$work/merged-half.evtx' > /dev/null & evtxexport -f xml '$work/merged-half.evtx' > /dev/null; wait"

n_links=$(count "$work/1m"); n_merged=$(count "$work/merged-1m.evtx"); n_half=$(count "$work/merged-half.evtx")
n_halves=$((2 * n_half))
e=$(wall gk-empty)
rate() { awk -v n="$1" -v t="$2" 'BEGIN { printf "%.0f", n / t }'; }
net() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a - b }'; }
echo "| input | records | tool | wall s (median of $runs) | records/s | peak RSS MiB |"
echo "|---|---|---|---|---|---|"
echo "| empty folder (start-up) | 0 | gamekeeper dump | $e | - | $(( $(rss gk-empty) / 1024 )) |"
for row in "links $n_links gk-links" "merged-1m $n_merged gk-merged" "two merged halves $n_halves gk-halves"; do
  set -- $row; name="$1"; n="$2"; key="$3"
  [ "$name" = two ] && { name="two merged halves"; n="$n_halves"; key=gk-halves; }
  w=$(wall "$key"); nw=$(net "$w" "$e")
  echo "| $name | $n | gamekeeper dump --threads 2 (net of start-up) | $nw | $(rate "$n" "$nw") | $(( $(rss "$key") / 1024 )) |"
done
w=$(wall libevtx-links); echo "| links | $n_links | evtxexport, 2 processes | $w | $(rate "$n_links" "$w") | $(( $(rss libevtx-links) / 1024 )) |"
w=$(wall libevtx-halves); echo "| two merged halves | $n_halves | evtxexport, 2 processes | $w | $(rate "$n_halves" "$w") | $(( $(rss libevtx-halves) / 1024 )) |"

if [ "${GAMEKEEPER_BENCH_10G:-1}" = 1 ]; then
  links "$work/10g" 240
  time_cmd gk-10g "$gk" dump --no-progress --threads 2 "$work/10g"
  echo
  echo "10 GB of symbolic links (240 copies of the corpus files): wall $(wall gk-10g) s, peak RSS $(( $(rss gk-10g) / 1024 )) MiB"
fi
