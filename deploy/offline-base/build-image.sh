#!/usr/bin/env bash
# Builds the Dockerfile's cpu target with podman where no container registry is reachable (only the Debian mirror and
# the NuGet cache): a debootstrapped Debian bookworm plus this machine's .NET SDK stands in for
# mcr.microsoft.com/dotnet/{sdk,aspnet}:10.0, and restore reads the local NuGet cache. Needs root, podman and
# debootstrap (apt-get install -y podman debootstrap). RUN steps use --isolation=chroot: this machine's container
# runtime cannot create containers (crun: setrlimit RLIMIT_NOFILE not permitted).
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=${WORK:-/tmp/offline-base}
dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
mkdir -p "$work"
if ! podman image exists localhost/debian-bookworm:minbase; then
  debootstrap --variant=minbase bookworm "$work/rootfs" http://deb.debian.org/debian
  tar -C "$work/rootfs" -c . | podman import - localhost/debian-bookworm:minbase
fi
rm -rf "$work/context" && mkdir -p "$work/context"
cp "$repo/deploy/offline-base/Containerfile" "$work/context/Containerfile"
cp -a "$dotnet_root" "$work/context/dotnet"
podman build --isolation=chroot --network=host -t localhost/offline-dotnet:10.0 "$work/context"
podman tag localhost/offline-dotnet:10.0 mcr.microsoft.com/dotnet/sdk:10.0
podman tag localhost/offline-dotnet:10.0 mcr.microsoft.com/dotnet/aspnet:10.0
podman build --isolation=chroot --network=host --pull=never --target cpu -v "$HOME/.nuget/packages:/root/.nuget/packages" \
  -t localhost/inference-server:cpu "$repo"
