#!/usr/bin/env sh
# Fetches libonnxruntime.so.1 (CPU, linux-x64) from the npm package onnxruntime-node into a cache folder.
# `npm pack` downloads the tarball with npm's own configuration and runs no install script.
# Usage: fetch-onnxruntime.sh <version> <cache-dir>
set -eu
version="$1"
cache="$2"
if ! command -v npm >/dev/null 2>&1; then
  echo "error: npm was not found on PATH, and it is needed once to fetch ONNX Runtime (npm pack onnxruntime-node@$version). Install Node.js/npm, or point the build at an existing ONNX Runtime: dotnet build -p:OnnxRuntimeLibDir=/dir/with/libonnxruntime.so (or export ONNXRUNTIME_LIB_DIR=/dir/with/libonnxruntime.so)." >&2
  exit 3
fi
mkdir -p "$cache"
work=$(mktemp -d "$cache/.fetch.XXXXXX")
trap 'rm -rf "$work"' EXIT
( cd "$work" && npm pack "onnxruntime-node@$version" --silent >/dev/null )
tar -xzf "$work/onnxruntime-node-$version.tgz" -C "$work" package/bin/napi-v6/linux/x64/libonnxruntime.so.1
# Rename into place last so a concurrent build never sees a half-written library.
mv -f "$work/package/bin/napi-v6/linux/x64/libonnxruntime.so.1" "$cache/libonnxruntime.so.1"
echo "fetched libonnxruntime.so.1 (onnxruntime-node@$version) into $cache"
