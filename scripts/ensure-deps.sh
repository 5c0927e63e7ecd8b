#!/bin/sh
# Makes sure what coach builds and tests with is present: the system libraries it links
# (checked with pkg-config), and Python's jsonschema (the JSON-Schema validator the test
# suite checks the shipped YAML with). When something is missing it installs it — with
# apt-get as root, jsonschema with pip when Python has it — or says what to run.
set -eu

missing=""
command -v pkg-config >/dev/null 2>&1 || missing="pkg-config"
if [ -z "$missing" ]; then
    pkg-config --exists yaml-0.1 || missing="$missing libyaml-dev"
    pkg-config --exists simdjson || missing="$missing libsimdjson-dev"
else
    missing="pkg-config libyaml-dev libsimdjson-dev"
fi
command -v python3 >/dev/null 2>&1 || missing="$missing python3"
command -v gcc >/dev/null 2>&1 || missing="$missing gcc"
command -v g++ >/dev/null 2>&1 || missing="$missing g++"

if [ -n "$missing" ]; then
    echo "coach needs:$missing"
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
        echo "installing with apt-get..."
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -q
        apt-get install -y -q $missing
    else
        echo "error: missing system packages:$missing" >&2
        echo "install them with:  sudo apt-get install -y$missing" >&2
        exit 1
    fi
fi

# Python packages the tests use: jsonschema (the JSON-Schema validator the suite checks the
# shipped YAML and the wire formats with) and pytest (the Python binding's tests). From PyPI
# into the Python on PATH, or Debian's packages.
python_package() {  # import name, Debian package[, PyPI name when not the import name]
    if ! python3 -c "import $1" >/dev/null 2>&1; then
        echo "coach's tests need the Python package ${3:-$1}"
        if python3 -m pip --version >/dev/null 2>&1 && python3 -m pip install -q "${3:-$1}"; then
            :
        elif [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
            export DEBIAN_FRONTEND=noninteractive
            apt-get update -q
            apt-get install -y -q "$2"
        fi
        if ! python3 -c "import $1" >/dev/null 2>&1; then
            echo "error: could not install $1; run:  python3 -m pip install $1" >&2
            exit 1
        fi
    fi
}
python_package jsonschema python3-jsonschema
python_package pytest python3-pytest
python_package setuptools python3-setuptools
python_package wheel python3-wheel  # pip install of the Python binding, without fetching a build backend

# The Spark integration's test (integrations/spark) runs PySpark in local mode: PySpark from
# PyPI (no Debian package) and a Java runtime, 17 or later, from Debian.
java_major() {
    java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1
}
if ! command -v java >/dev/null 2>&1 || [ "$(java_major)" -lt 17 ] 2>/dev/null; then
    echo "coach's Spark test needs a Java runtime (17 or later)"
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -q
        apt-get install -y -q default-jre-headless || apt-get install -y -q openjdk-17-jre-headless
    else
        echo "error: install a Java runtime:  sudo apt-get install -y default-jre-headless" >&2
        exit 1
    fi
fi
if ! python3 -c "import pyspark" >/dev/null 2>&1; then
    echo "coach's Spark test needs PySpark (a large download, once)"
    if ! python3 -m pip install -q 'pyspark>=4.0,<5'; then
        echo "error: could not install PySpark; run:  python3 -m pip install 'pyspark>=4.0,<5'" >&2
        exit 1
    fi
fi

# The preview pages' test renders them in headless Chromium (Debian's chromium) and reads the
# screenshots with Pillow (PyPI, or Debian's python3-pil).
if ! command -v chromium >/dev/null 2>&1; then
    echo "coach's preview test needs Chromium"
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -q
        apt-get install -y -q chromium
    else
        echo "error: install Chromium:  sudo apt-get install -y chromium" >&2
        exit 1
    fi
fi
python_package PIL python3-pil pillow
