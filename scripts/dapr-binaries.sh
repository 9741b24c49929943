#!/usr/bin/env bash
# Builds daprd, placement, scheduler, sentry and the dapr CLI from the Go modules pinned in
# tools/dapr/go.mod into ~/.dapr/bin (the dapr CLI's layout). The runtime is built from a copy of the
# module with the patches in tools/dapr/patches/ applied (each explained in tools/dapr/PATCHES.md);
# the stamped version says so: <pinned>-patched.<hash of the patches>. Binaries already there with
# that version are kept; any other version (an unpatched `dapr init`, an older patch set) is rebuilt.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin_dir="${DAPR_INSTALL_DIR:-$HOME/.dapr}/bin"
pinned() { awk -v m="$1" '$1 == m { sub(/^v/, "", $2); print $2 }' "$root/tools/dapr/go.mod"; }
module_version=$(pinned github.com/dapr/dapr)
cli_version=$(pinned github.com/dapr/cli)
[[ -n $module_version && -n $cli_version ]] || { echo "dapr-binaries: versions missing in tools/dapr/go.mod" >&2; exit 1; }
patches=("$root"/tools/dapr/patches/*.patch)
[[ -e ${patches[0]} ]] || patches=()
runtime_version=$module_version
if ((${#patches[@]})); then
  runtime_version="$module_version-patched.$(cat "${patches[@]}" | sha256sum | cut -c1-8)"
fi

command -v go >/dev/null || { echo "dapr-binaries: Go is required to build the Dapr runtime (https://go.dev/doc/install)" >&2; exit 1; }
mkdir -p "$bin_dir"

# daprd prints its stamped version with --version ("edge" when unstamped). placement, scheduler and
# sentry have no such flag: the version this script built them with is kept in a stamp file.
stamp_dir="$bin_dir/.versions"
has_version() {
  [[ -x $bin_dir/$1 ]] || return 1
  if [[ $1 == daprd ]]; then [[ "$("$bin_dir/daprd" --version 2>/dev/null | tail -n 1)" == "$2" ]]; else [[ "$(cat "$stamp_dir/$1" 2>/dev/null)" == "$2" ]]; fi
}
cli_has_version() { [[ -x $bin_dir/dapr ]] && "$bin_dir/dapr" version 2>/dev/null | grep -q "CLI version: $1"; }

missing=()
for b in daprd placement scheduler sentry; do has_version "$b" "$runtime_version" || missing+=("$b"); done

export CGO_ENABLED=0 GOFLAGS=-mod=mod
if ((${#missing[@]})); then
  echo "dapr-binaries: building ${missing[*]} $runtime_version (first time only; takes several minutes)"
  start=$(date +%s)
  module_dir=$(go mod download -json "github.com/dapr/dapr@v$module_version" | sed -n 's/^\s*"Dir": "\(.*\)",$/\1/p')
  [[ -d $module_dir ]] || { echo "dapr-binaries: could not download github.com/dapr/dapr@v$module_version" >&2; exit 1; }
  # The module cache is read-only: patch a copy of it (kept beside the binaries, one per version).
  src="${DAPR_INSTALL_DIR:-$HOME/.dapr}/src/dapr-$runtime_version"
  rm -rf "$src" && mkdir -p "$(dirname "$src")"
  cp -R "$module_dir" "$src" && chmod -R u+w "$src"
  for p in "${patches[@]}"; do
    echo "dapr-binaries: applying $(basename "$p")"
    (cd "$src" && git apply -p1 "$p") || { echo "dapr-binaries: $(basename "$p") does not apply to dapr $module_version" >&2; exit 1; }
  done
  # Without the stablecomponents tag daprd panics at start; without the version stamp it reports
  # "edge" and `dapr run` passes no scheduler address, so reminders fail silently.
  for b in "${missing[@]}"; do
    (cd "$src" && go build -trimpath -tags stablecomponents \
      -ldflags "-s -w -X github.com/dapr/dapr/pkg/buildinfo.version=$runtime_version" \
      -o "$bin_dir/$b.tmp" "./cmd/$b")
    mv "$bin_dir/$b.tmp" "$bin_dir/$b"
    mkdir -p "$stamp_dir" && echo "$runtime_version" >"$stamp_dir/$b"
  done
  rm -rf "$src"
  echo "dapr-binaries: built in $(( $(date +%s) - start ))s"
fi

# The CLI is optional: `npm start` and the tests start daprd themselves (scripts/runtime/). It is
# built like the runtime, inside its downloaded module (`go install pkg@v` also asks the proxy for
# the module's version list, which some proxies refuse).
if ! cli_has_version "$cli_version"; then
  echo "dapr-binaries: building dapr CLI $cli_version" >&2
  if cli_src=$(go mod download -json "github.com/dapr/cli@v$cli_version" 2>/dev/null | sed -n 's/^\s*"Dir": "\(.*\)",$/\1/p') && [[ -d $cli_src ]] &&
    (cd "$cli_src" && go build -trimpath -ldflags "-s -w -X main.version=$cli_version -X main.apiVersion=1.0" -o "$bin_dir/dapr.tmp" .); then
    mv "$bin_dir/dapr.tmp" "$bin_dir/dapr"
  else
    rm -f "$bin_dir/dapr.tmp"
    echo "dapr-binaries: warning: the dapr CLI $cli_version could not be downloaded or built from the Go module proxy;" \
      "npm start and npm test do not need it (scripts/runtime/launch.ts runs dapr.yaml)" >&2
  fi
fi

for b in daprd placement scheduler sentry; do has_version "$b" "$runtime_version" || { echo "dapr-binaries: $b does not report $runtime_version" >&2; exit 1; }; done
echo "dapr-binaries: runtime $runtime_version in $bin_dir$(cli_has_version "$cli_version" && echo ", CLI $cli_version")"
