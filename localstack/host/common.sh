# What localstack/host/start and stop share; sourced by both.

# localstack_venv VERSION: the venv holding LocalStack's runtime, shared by every checkout.
localstack_venv() {
  printf '%s/goldpan/localstack-%s' "${XDG_CACHE_HOME:-$HOME/.cache}" "$1"
}

# localstack_state PORT: the pid file, the log and LocalStack's file-system root for one gateway.
localstack_state() {
  printf '%s/goldpan/localstack-%s' "${XDG_STATE_HOME:-$HOME/.local/state}" "$1"
}

# running_localstack PIDFILE: prints the pid in PIDFILE if that process is LocalStack's runtime
# (not some process that got the pid of one that has gone).
running_localstack() {
  local pid
  [ -f "$1" ] || return 1
  pid=$(cat "$1")
  [ -n "$pid" ] && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'localstack.runtime.main' || return 1
  printf '%s' "$pid"
}
