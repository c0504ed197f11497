# Sourced by the apps' end-to-end scripts (makemore_cli.sh, forecast_cli.sh): a temporary
# directory removed at exit, a failure counter, and expect. Set `bin` (the program) first.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# expect CODE TEXT ARGS...: the run exits with CODE and its output contains TEXT
expect() {
  local code=$1 text=$2 name
  shift 2
  name=$(basename "$bin")
  "$bin" "$@" >"$tmp/out" 2>&1
  local got=$?
  [ "$got" -eq "$code" ] || fail "$name $* exited $got, expected $code: $(head -c 400 "$tmp/out")"
  grep -qF -- "$text" "$tmp/out" || fail "$name $* did not say '$text': $(head -c 400 "$tmp/out")"
}
