#!/bin/sh
# Makes sure the system libraries coach links are present: checks with pkg-config, and
# when something is missing installs it with apt-get (as root) or says what to run.
set -eu

missing=""
command -v pkg-config >/dev/null 2>&1 || missing="pkg-config"
if [ -z "$missing" ]; then
    pkg-config --exists yaml-0.1 || missing="$missing libyaml-dev"
    pkg-config --exists simdjson || missing="$missing libsimdjson-dev"
else
    missing="pkg-config libyaml-dev libsimdjson-dev"
fi

[ -z "$missing" ] && exit 0

echo "coach needs:$missing"
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing with apt-get..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q pkg-config libyaml-dev libsimdjson-dev
else
    echo "error: missing system packages:$missing" >&2
    echo "install them with:  sudo apt-get install -y pkg-config libyaml-dev libsimdjson-dev" >&2
    exit 1
fi
