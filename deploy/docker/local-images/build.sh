#!/usr/bin/env bash
# Builds, on a machine that can reach no image registry, every image deploy/docker needs: a Debian
# base made with debootstrap, a JRE on it, and stand-ins for the official server images made from
# Debian's packages (and Kafka's jars from Maven Central, as deploy/local/servers.sh runs it).
# An image that already exists is kept (FORCE=1 rebuilds all); the stand-ins take the same
# environment variables, paths and commands as the official images, so
# deploy/docker/docker-compose.yml runs on either.
#
#   deploy/docker/local-images/build.sh            build what is missing, then print the variables
#                                                  that point docker-compose at the stand-ins
#   eval "$(deploy/docker/local-images/build.sh --env)"   the same, exporting those variables
#
# Needs root (debootstrap), docker, debootstrap and a JDK for the Maven wrapper.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
PREFIX=sluice-local
SUITE=${SLUICE_DEBIAN_SUITE:-bookworm}
FORCE=${FORCE:-0}
ENV_ONLY=0
[[ ${1:-} == --env ]] && ENV_ONLY=1

# With --env, stdout carries only the export lines; progress goes to stderr.
say() { printf '%s\n' "$*" >&2; }
die() { say "build.sh: $*"; exit 1; }

exists() { [[ $FORCE != 1 ]] && docker image inspect "$1" >/dev/null 2>&1; }

build() { # image, context dir, [build args...]
  local image=$1 dir=$2 t0=$SECONDS
  shift 2
  if exists "$image"; then say "$image: present"; return 0; fi
  say "$image: building from $dir"
  docker build -q -t "$image" --build-arg "BASE_IMAGE=$PREFIX/debian:$SUITE" "$@" "$dir" >&2
  say "$image: built in $((SECONDS - t0))s"
}

base() {
  local image=$PREFIX/debian:$SUITE t0=$SECONDS dir
  if exists "$image"; then say "$image: present"; return 0; fi
  command -v debootstrap >/dev/null || die "debootstrap missing (apt-get install debootstrap)"
  dir=$(mktemp -d /tmp/sluice-debootstrap.XXXXXX)
  # shellcheck disable=SC2064 # expand dir now
  trap "rm -rf '$dir'" EXIT
  say "$image: debootstrap --variant=minbase $SUITE (about a minute)"
  debootstrap --variant=minbase "$SUITE" "$dir" >/tmp/sluice-debootstrap.log 2>&1 \
    || die "debootstrap failed, see /tmp/sluice-debootstrap.log"
  # Keep images small as Debian's official images do: no downloaded packages, apt lists,
  # documentation or translations, in this layer or in any image built on it.
  rm -rf "$dir"/var/cache/apt/archives/*.deb "$dir"/var/cache/apt/*.bin "$dir"/var/lib/apt/lists/*
  cat >"$dir/etc/apt/apt.conf.d/docker-clean" <<'APT'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
APT
  cat >"$dir/etc/dpkg/dpkg.cfg.d/docker-slim" <<'DPKG'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
DPKG
  rm -rf "$dir"/usr/share/man/* "$dir"/usr/share/info/* "$dir"/usr/share/locale/*
  tar -C "$dir" -c . | docker import - "$image" >/dev/null
  rm -rf "$dir"
  trap - EXIT
  say "$image: imported in $((SECONDS - t0))s"
}

# Kafka's jars exactly as deploy/local/servers.sh fetches them (deploy/local/kafka/pom.xml),
# copied into the build context; refetched when the pom changes.
kafka_libs() {
  local libs=$HERE/kafka/libs pom=$ROOT/deploy/local/kafka/pom.xml sum
  sum=$(sha256sum "$pom" | cut -d' ' -f1)
  [[ $(cat "$libs/.pom.sha256" 2>/dev/null) == "$sum" ]] && return 0
  say "kafka: fetching the broker's jars with Maven ($pom)"
  rm -rf "$libs"
  mkdir -p "$libs"
  "$ROOT/mvnw" -q -B -Dstyle.color=never -f "$pom" dependency:copy-dependencies -DoutputDirectory="$libs" >&2 \
    || die "Maven could not fetch the Kafka jars"
  echo "$sum" >"$libs/.pom.sha256"
}

base
build "$PREFIX/jre:17" "$HERE/jre"
for server in postgres redis nats clickhouse; do
  build "$PREFIX/$server" "$HERE/$server"
done
build "$PREFIX/zookeeper" "$HERE/zookeeper" --build-arg "BASE_IMAGE=$PREFIX/jre:17"
exists "$PREFIX/kafka" || kafka_libs
build "$PREFIX/kafka" "$HERE/kafka" --build-arg "BASE_IMAGE=$PREFIX/jre:17"

exports() {
  cat <<VARS
export SLUICE_BASE_IMAGE=$PREFIX/jre:17
export SLUICE_POSTGRES_IMAGE=$PREFIX/postgres
export SLUICE_REDIS_IMAGE=$PREFIX/redis
export SLUICE_NATS_IMAGE=$PREFIX/nats
export SLUICE_ZOOKEEPER_IMAGE=$PREFIX/zookeeper
export SLUICE_CLICKHOUSE_IMAGE=$PREFIX/clickhouse
export SLUICE_KAFKA_IMAGE=$PREFIX/kafka
VARS
}
if ((ENV_ONLY == 1)); then
  exports
else
  say ""
  say "Images (docker images $PREFIX/*):"
  docker images --format '  {{.Repository}}:{{.Tag}}  {{.Size}}' --filter "reference=$PREFIX/*" >&2
  say ""
  say "Point docker-compose at them with:"
  exports >&2
fi
