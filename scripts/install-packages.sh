#!/usr/bin/env bash
# Packs this repository's NuGet packages into a local feed, registers that feed with NuGet (once) and installs the
# `dotnet new se-network` template from it. After this, any project of yours can reference the packages:
#   dotnet new se-network -n MyNets && cd MyNets && dotnet run
# Usage: scripts/install-packages.sh [FEED_FOLDER]     (default: ~/.architectures/feed)
set -euo pipefail
cd "$(dirname "$0")/.."
feed="${1:-$HOME/.architectures/feed}"
mkdir -p "$feed"
feed="$(cd "$feed" && pwd)"

# Every project under src/ and templates/ that says IsPackable=true.
mapfile -t projects < <(grep -l '<IsPackable>true</IsPackable>' src/*/*.csproj templates/*.csproj)
for project in "${projects[@]}"; do
  echo "packing $project"
  dotnet pack "$project" -c Release -o "$feed" --nologo -v quiet
done

if dotnet nuget list source --format short | grep -qF "$feed"; then
  echo "NuGet source $feed: already registered"
else
  dotnet nuget add source "$feed" --name architectures-local
fi
version="$(sed -n 's:.*<VersionPrefix>\(.*\)</VersionPrefix>.*:\1:p' Directory.Build.props)"
# Drop an older extraction of this same version from NuGet's cache, so a re-pack is what projects get.
for id in architectures architectures.commandline architectures.imaging architectures.interop architectures.onnx architectures.templates; do
  rm -rf "$(dotnet nuget locals global-packages --list | sed 's/^[^:]*: //')/$id/$version"
done
dotnet new install "$feed/Architectures.Templates.$version.nupkg" --force
echo "packages $version in $feed; next: dotnet new se-network -n MyNets && cd MyNets && dotnet run"
