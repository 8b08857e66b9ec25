#!/usr/bin/env bash
# Creates (or reuses) a Python virtual environment from a pinned requirements file. Two environments:
#   setup.sh          DataRobot's official SDK (requirements.txt), for the emulator conformance test
#   setup.sh pulumi   the Pulumi Python SDK (requirements-pulumi.txt), for Python programs and the generated
#                     pulumi_datarobot_batch package (npm run sdk:python -- --venv installs its wheel there)
# The environment lives in a cache directory OUTSIDE the repository:
#
#   ${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-datarobot-batch/python-sdk-<key> (python-pulumi-<key> for `pulumi`)
#
# where <key> hashes the requirements file and the Python version, so editing the pins (or changing Python) builds a new
# environment instead of mutating an old one. A finished environment is marked with a ".ready" file, so a repeated
# call only checks two files and returns at once.
#
# Output: progress on stderr; the LAST line on stdout is the path of the environment's python executable.
# Environment: PYTHON (interpreter to use, default python3), PULUMI_DATAROBOT_BATCH_CACHE (overrides the cache root).
#
# If Python or its venv module is missing and we run as root on a Debian/Ubuntu machine, the script installs them with
# apt-get (saying so); otherwise it stops with the command to run.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
case "${1:-datarobot}" in
datarobot)
  requirements="$here/requirements.txt"
  name="python-sdk"
  check='import datarobot; print("[python-sdk setup] datarobot", datarobot.__version__, "ready")'
  ;;
pulumi)
  requirements="$here/requirements-pulumi.txt"
  name="python-pulumi"
  check='import pulumi, importlib.metadata as m; print("[python-sdk setup] pulumi", m.version("pulumi"), "ready")'
  ;;
*)
  echo "usage: $0 [datarobot|pulumi]" >&2
  exit 2
  ;;
esac
min_python="3.11" # numpy/pandas pins in requirements.txt require it; one floor for both environments

say() { echo "[python-sdk setup] $*" >&2; }
die() {
  say "ERROR: $*"
  exit 1
}

# Installs Debian packages when we are allowed to (root + apt-get); otherwise explains what to do.
apt_install() {
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    say "installing $* with apt-get (needed for the Python SDK conformance test)"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 || die "apt-get update failed"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2 || die "apt-get install $* failed"
  else
    die "missing $*; install it, e.g.: sudo apt-get install $* (or set PYTHON to a Python >= $min_python with venv)"
  fi
}

python="${PYTHON:-python3}"
if ! command -v "$python" >/dev/null 2>&1; then
  [ -z "${PYTHON:-}" ] || die "PYTHON=$PYTHON is not an executable"
  apt_install python3 python3-venv
fi

py_version="$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
if ! "$python" -c "import sys; sys.exit(0 if sys.version_info[:2] >= (${min_python/./, }) else 1)"; then
  die "Python $py_version found at $(command -v "$python"); the pinned SDK dependencies need Python >= $min_python. Set PYTHON=/path/to/python3.11 or newer"
fi

key="$( (cat "$requirements"; echo "python=$py_version") | sha256sum | cut -c1-16)"
cache_root="${PULUMI_DATAROBOT_BATCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-datarobot-batch}"
venv="$cache_root/$name-$key"
venv_python="$venv/bin/python"

# Fast path: an environment finished by an earlier run.
if [ -f "$venv/.ready" ] && [ -x "$venv_python" ]; then
  echo "$venv_python"
  exit 0
fi

mkdir -p "$cache_root"
# Serialise concurrent setups (e.g. two test runs): the second waits, then takes the fast path.
exec 9>"$venv.lock"
if command -v flock >/dev/null 2>&1; then
  flock 9
fi
if [ -f "$venv/.ready" ] && [ -x "$venv_python" ]; then
  echo "$venv_python"
  exit 0
fi

# venv and ensurepip are split into the python3-venv package on Debian/Ubuntu.
if ! "$python" -c 'import venv, ensurepip' >/dev/null 2>&1; then
  apt_install "python${py_version}-venv"
fi

started=$(date +%s)
rm -rf "$venv" # a half-built environment from an interrupted run
say "creating virtual environment $venv (Python $py_version)"
"$python" -m venv "$venv" >&2 || die "python -m venv failed"
say "installing pinned packages from $requirements (first run only; downloads from PyPI)"
"$venv_python" -m pip install --disable-pip-version-check --no-input --progress-bar off -q -r "$requirements" >&2 ||
  die "pip install failed (is PyPI reachable? proxy settings?). Re-run: $0"
"$venv_python" -c "$check" >&2 || die "the installed packages of $requirements do not import"
touch "$venv/.ready"
say "done in $(($(date +%s) - started)) s"
echo "$venv_python"
