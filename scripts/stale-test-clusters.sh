# Stops and deletes the PostgreSQL clusters of earlier test runs whose test process is gone (killed runs leave them
# behind: the test host deletes its own cluster only when it exits normally). Sourced by test.sh.
remove_stale_test_clusters() {
    local dir pid bindir
    bindir="$(postgres_bindir || true)"
    for dir in "${TMPDIR:-/tmp}"/events-tests-*; do
        [ -d "$dir" ] || continue
        pid="${dir##*/events-tests-}"; pid="${pid%%-*}"
        [[ "$pid" =~ ^[0-9]+$ ]] || continue
        kill -0 "$pid" 2>/dev/null && continue
        if [ -n "$bindir" ] && [ -f "$dir/postgres/postmaster.pid" ]; then
            if [ "$(id -u)" -eq 0 ]; then su postgres -s /bin/sh -c "'$bindir/pg_ctl' stop -D '$dir/postgres' -m immediate" >/dev/null 2>&1 || true
            else "$bindir/pg_ctl" stop -D "$dir/postgres" -m immediate >/dev/null 2>&1 || true
            fi
        fi
        rm -rf "$dir" 2>/dev/null || as_root rm -rf "$dir" || true
    done
}
