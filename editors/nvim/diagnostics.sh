#!/bin/sh
# Headless Neovim as a real LSP client of `aterrapport server`: opens REPORT.yaml with the
# configuration in aterrapport.lua, waits until the server has published its diagnostics and
# prints them one a line as `LINE:COLUMN: SEVERITY[CODE] MESSAGE` (1-based; the column counts
# characters, as `aterrapport check --format json` does).
#
# Usage: editors/nvim/diagnostics.sh [--bin PATH] [--timeout SECONDS] REPORT.yaml
#
#   --bin PATH         the aterrapport binary, run as `PATH server`; default: the repository's
#                      target/release/aterrapport, else target/debug/aterrapport, else
#                      `aterrapport` on PATH
#   --timeout SECONDS  how long to wait for the diagnostics (default 10)
#
# Exit status: 0 when the diagnostics arrived (also when there are none), or when Neovim is
# not installed (a line starting with `SKIP:` says so); 1 when no server started, it exited
# early or no diagnostics came in time; 2 for a usage error.
#
# Neovim runs with a clean setup: `-u diagnostics.lua`, --noplugin, no shada or swap files
# and every XDG directory in a temporary directory, so nothing of the user's configuration
# takes part. Neovim 0.11 or later tests the vim.lsp.config configuration as an author uses
# it; older versions (Debian 12 ships 0.7) test the same server through the fallback in
# aterrapport.lua, and the script says so on standard error.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)

usage() {
    echo "usage: editors/nvim/diagnostics.sh [--bin PATH] [--timeout SECONDS] REPORT.yaml" >&2
}

bin=
timeout=10
report=
while [ $# -gt 0 ]; do
    case $1 in
        --bin)
            [ $# -ge 2 ] || { usage; exit 2; }
            bin=$2
            shift 2
            ;;
        --bin=*) bin=${1#--bin=}; shift ;;
        --timeout)
            [ $# -ge 2 ] || { usage; exit 2; }
            timeout=$2
            shift 2
            ;;
        --timeout=*) timeout=${1#--timeout=}; shift ;;
        -h | --help) usage; exit 0 ;;
        --) shift; break ;;
        -*) echo "diagnostics.sh: unknown option $1" >&2; usage; exit 2 ;;
        *)
            [ -z "$report" ] || { usage; exit 2; }
            report=$1
            shift
            ;;
    esac
done
if [ $# -gt 0 ]; then
    [ -z "$report" ] && [ $# -eq 1 ] || { usage; exit 2; }
    report=$1
fi
[ -n "$report" ] || { usage; exit 2; }
case $timeout in
    '' | *[!0-9.]* | *.*.*) echo "diagnostics.sh: --timeout needs a number of seconds" >&2; exit 2 ;;
esac

if ! command -v nvim >/dev/null 2>&1; then
    echo "SKIP: nvim is not installed (Debian: apt-get install neovim); no diagnostics checked"
    exit 0
fi
version=$(nvim --version | sed -n '1s/^NVIM v\([0-9][0-9]*\)\.\([0-9][0-9]*\).*/\1 \2/p')
set -- $version
if [ $# -ne 2 ]; then
    echo "diagnostics.sh: cannot read the Neovim version from: $(nvim --version | head -n 1)" >&2
    exit 1
fi
if [ "$1" -eq 0 ] && [ "$2" -lt 7 ]; then
    echo "SKIP: Neovim $1.$2 is too old: the editor configuration needs Neovim >= 0.11, and this script >= 0.7"
    exit 0
fi

if [ ! -f "$report" ]; then
    echo "diagnostics.sh: $report: no such file" >&2
    exit 2
fi
report=$(cd "$(dirname "$report")" && pwd)/$(basename "$report")

if [ -z "$bin" ]; then
    for candidate in "$repo/target/release/aterrapport" "$repo/target/debug/aterrapport"; do
        if [ -x "$candidate" ]; then
            bin=$candidate
            break
        fi
    done
    [ -n "$bin" ] || bin=aterrapport
fi
case $bin in
    */*) ;;
    *)
        found=$(command -v "$bin" 2>/dev/null) || {
            echo "diagnostics.sh: no $bin binary on PATH: build it (cargo build --release) or pass --bin PATH" >&2
            exit 1
        }
        bin=$found
        ;;
esac
if [ ! -x "$bin" ] || [ -d "$bin" ]; then
    echo "diagnostics.sh: $bin is not an executable file" >&2
    exit 1
fi
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
echo "diagnostics.sh: server: $bin server" >&2

tmp=$(mktemp -d "${TMPDIR:-/tmp}/aterrapport-nvim.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/config" "$tmp/data" "$tmp/state" "$tmp/cache" "$tmp/run"
chmod 700 "$tmp/run"

# A limit on Neovim itself as well, in case it hangs outside the wait for diagnostics.
guard=
if command -v timeout >/dev/null 2>&1; then
    guard="timeout -k 5 $(awk "BEGIN { print int($timeout) + 30 }")"
fi

status=0
XDG_CONFIG_HOME=$tmp/config XDG_DATA_HOME=$tmp/data XDG_STATE_HOME=$tmp/state \
XDG_CACHE_HOME=$tmp/cache XDG_RUNTIME_DIR=$tmp/run XDG_CONFIG_DIRS=$tmp/config \
XDG_DATA_DIRS=$tmp/data NVIM_LOG_FILE=$tmp/nvim.log \
ATERRAPPORT_NVIM_CONFIG=$here/aterrapport.lua ATERRAPPORT_NVIM_BIN=$bin \
ATERRAPPORT_NVIM_REPORT=$report ATERRAPPORT_NVIM_TIMEOUT=$timeout \
    $guard nvim --headless --noplugin -i NONE -n -u "$here/diagnostics.lua" </dev/null || status=$?

if [ "$status" -ne 0 ]; then
    if [ "$status" -eq 124 ]; then
        echo "diagnostics.sh: Neovim did not finish and was stopped" >&2
    fi
    # The server's standard error and the client's complaints end up in Neovim's LSP log.
    for log in $(find "$tmp" -name 'lsp.log' 2>/dev/null); do
        echo "diagnostics.sh: last lines of the LSP log:" >&2
        tail -n 20 "$log" >&2
    done
    exit 1
fi
