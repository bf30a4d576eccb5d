#!/usr/bin/env bash
# Builds the container image localhost/ovn-bgp-bridge:latest and :VERSION (the Maven project's version) with
# podman, from bridge/target/ovn-bgp-bridge.jar (built first if it is missing), and prints its size.
# hack/image.sh --base-only makes (or keeps) the base image alone: hack/test.sh does that before the build, whose
# ContainerImageIT then builds the image from the jar just made.
#
# No container registry is needed: the Java 17 base image is made here from Debian packages (mmdebstrap, then
# podman import) and kept as localhost/ovn-bgp-bridge-base:bookworm-jre17; later builds reuse it. Set
# BASE=IMAGE to build FROM another image instead (e.g. docker.io/library/eclipse-temurin:17-jre where a registry
# is reachable); REBUILD_BASE=1 makes the Debian base again (e.g. for security updates).
#
# podman runs with this project's settings (hack/podman/containers.conf, through CONTAINERS_CONF), never with
# edits of the machine's. hack/install-deps.sh --image installs podman, runc and mmdebstrap.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
export CONTAINERS_CONF="$top/hack/podman/containers.conf"

image=localhost/ovn-bgp-bridge
debian_base=localhost/ovn-bgp-bridge-base:bookworm-jre17
jar=bridge/target/ovn-bgp-bridge.jar

base_only=
case "${1:-}" in
  --base-only) base_only=1 ;;
  "") ;;
  *) echo "usage: hack/image.sh [--base-only]" >&2; exit 2 ;;
esac

for tool in podman java; do
  command -v "$tool" >/dev/null || { echo "image.sh: no $tool here: run hack/install-deps.sh --image" >&2; exit 1; }
done

make_debian_base() {
  command -v mmdebstrap >/dev/null || { echo "image.sh: no mmdebstrap here: run hack/install-deps.sh --image" >&2; exit 1; }
  local tmp
  tmp=$(mktemp -d)
  # shellcheck disable=SC2064
  trap "rm -rf '$tmp'" RETURN
  echo "image.sh: making the base image $debian_base from Debian bookworm (mmdebstrap, about 1-2 minutes)" >&2
  # minbase + the headless JRE; no Recommends; documentation and translations left out except the copyright
  # files. The JRE's postinst registers its man page with update-alternatives and fails when man1 is missing.
  mmdebstrap --quiet --variant=minbase --include=openjdk-17-jre-headless,ca-certificates \
    --aptopt='APT::Install-Recommends "false"' --essential-hook='mkdir -p "$1/usr/share/man/man1"' \
    --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/info/*' \
    --dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-exclude=/usr/share/doc/*' \
    --dpkgopt='path-include=/usr/share/doc/*/copyright' \
    bookworm "$tmp/rootfs.tar"
  podman import --quiet \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'LABEL org.opencontainers.image.title="Debian bookworm minbase with OpenJDK 17 JRE (headless)"' \
    "$tmp/rootfs.tar" "$debian_base" >/dev/null
}

if [[ -n "${BASE:-}" ]]; then
  base=$BASE
else
  base=$debian_base
  if [[ -n "${REBUILD_BASE:-}" ]] || ! podman image exists "$base"; then
    make_debian_base
  fi
fi

if [[ -n "$base_only" ]]; then
  echo "image.sh: base image $base ready" >&2
  exit 0
fi

if [[ ! -f "$jar" ]]; then
  echo "image.sh: no $jar yet: building it (mvn -pl bridge -am package)" >&2
  mvn -B -q -ntp -pl bridge -am package -DskipTests -DskipITs >&2
fi
# the version the jar says it is (its manifest, from the Maven project), so that the tag cannot disagree with it
version=$(java -jar "$jar" --version | awk '{print $2}')
[[ -n "$version" && "$version" != dev ]] || { echo "image.sh: cannot read the version of $jar" >&2; exit 1; }

revision=$(git rev-parse HEAD 2>/dev/null || echo unknown)
# the public repository, when the clone came from one (a local path says nothing to the image's users)
source_url=$(git config --get remote.origin.url 2>/dev/null || true)
[[ "$source_url" =~ ^https:// ]] || source_url=unknown
echo "image.sh: building $image:$version from $jar on $base" >&2
# --pull=never: the base is local (made above, or BASE given and already pulled); nothing is fetched
podman build --quiet --pull=never -f Containerfile \
  --build-arg BASE="$base" --build-arg VERSION="$version" \
  --build-arg REVISION="$revision" --build-arg SOURCE="$source_url" \
  -t "$image:$version" -t "$image:latest" . >/dev/null

# the images this script built before and that no tag names any more (only ours: the filter is our title label)
podman image prune --force --filter label=org.opencontainers.image.title=ovn-bgp-bridge >/dev/null

bytes=$(podman image inspect --format '{{.Size}}' "$image:$version")
echo "image.sh: built $image:$version and $image:latest, $((bytes / 1024 / 1024)) MiB"
