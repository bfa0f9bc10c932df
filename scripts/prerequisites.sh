# Installs what the app and the tests need on a fresh Debian machine, only when it is missing.
# Sourced by run.sh and test.sh. Works as root (CI) or as a user with sudo.

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"
    elif command -v sudo >/dev/null 2>&1; then sudo -n "$@" || { echo "Need root to run: $* (run it once with sudo, or as root)" >&2; return 1; }
    else echo "Need root to run: $* (no sudo on this machine)" >&2; return 1
    fi
}

APT_UPDATED=""
apt_install() {
    if [ -z "$APT_UPDATED" ]; then
        as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
        APT_UPDATED=1
    fi
    echo "Installing $* with apt-get…" >&2
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >/dev/null
}

postgres_bindir() {
    local dir
    if command -v pg_config >/dev/null 2>&1; then
        dir="$(pg_config --bindir 2>/dev/null)"
        if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then echo "$dir"; return 0; fi
    fi
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then echo "$dir"; return 0; fi
    done
    return 1
}

ensure_postgres() {
    postgres_bindir >/dev/null && return 0
    # Debian's postgresql package starts a system cluster; the app runs its own private one instead.
    apt_install postgresql postgresql-contrib
    postgres_bindir >/dev/null || { echo "PostgreSQL server programs are still missing after apt-get install postgresql" >&2; return 1; }
}

ensure_chromium() {
    command -v chromium >/dev/null 2>&1 && return 0
    apt_install chromium fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji
}

ensure_node() {
    command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 && return 0
    apt_install nodejs npm
}

ensure_node_tools() {
    local dir="$1/tools/node"
    if [ ! -d "$dir/node_modules/ical.js" ] || [ ! -d "$dir/node_modules/@microsoft/signalr" ] || [ ! -d "$dir/node_modules/axe-core" ]; then
        (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    fi
}
