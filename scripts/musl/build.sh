#!/bin/sh
# Builds CLUU's C library into a sysroot: usage scripts/musl/build.sh OUT_SYSROOT
#
# musl comes from Debian's source package (apt-get source musl, fetched by package name
# into the cache, never into the clone), is patched with user/lib/musl/patches/*.patch in
# order, built static-only with clang for x86_64-unknown-linux-musl, and installed into
# OUT_SYSROOT/usr (include/, lib/libc.a, lib/crt1.o, crti.o, crtn.o, ...).
#
# The built result is cached in ${CLUU_CACHE:-$HOME/.cache/cluu}/musl-VERSION-KEY, KEY
# being the sha256 of the patches, this script, the hook header and the compiler version;
# later runs only copy it (and do nothing when OUT_SYSROOT already holds that key).
#
# Needs, only when the source is not cached yet: a deb-src entry for the machine's Debian
# release and dpkg-dev. As root the script adds both (/etc/apt/sources.list.d/cluu-src.*);
# otherwise it prints the commands to run and fails.
set -eu

MUSL_VERSION=1.2.3 # what the patches are written against (Debian 12's musl)

die() { echo "musl: $*" >&2; exit 1; }
[ $# -eq 1 ] || die "usage: $0 OUT_SYSROOT"
OUT=$1
case $OUT in /|"") die "refusing OUT_SYSROOT '$OUT'" ;; esac

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SELF=$ROOT/scripts/musl/build.sh
PATCHDIR=$ROOT/user/lib/musl/patches
HOOKS_DIR=$ROOT/user/lib/musl/include
CACHE=${CLUU_CACHE:-$HOME/.cache/cluu}
SRCCACHE=$CACHE/musl-src
CLANG=${CLUU_CLANG:-clang}
MUSL_CC="$CLANG --target=x86_64-unknown-linux-musl"

# ---- cache key -------------------------------------------------------------------------
key=$({
    echo "musl $MUSL_VERSION"
    "$CLANG" --version | head -n 1
    for f in "$SELF" "$HOOKS_DIR/cluu_hooks.h" "$PATCHDIR"/*.patch; do
        [ -f "$f" ] || continue
        echo "== ${f#"$ROOT"/}"
        cat "$f"
    done
} | sha256sum | cut -c1-16)
DONE=$CACHE/musl-$MUSL_VERSION-$key

install_sysroot() {
    if [ -f "$OUT/.musl-key" ] && [ "$(cat "$OUT/.musl-key")" = "$key" ] &&
        [ -f "$OUT/usr/lib/libc.a" ]; then
        return 0
    fi
    mkdir -p "$OUT"
    rm -rf "${OUT:?}/usr" "$OUT/.musl-key"
    cp -a "$DONE/usr" "$OUT/usr"
    echo "$key" > "$OUT/.musl-key"
    echo "musl: sysroot $OUT (musl $MUSL_VERSION, cache $DONE)"
}

if [ -d "$DONE/usr" ]; then
    install_sysroot
    exit 0
fi

# ---- fetch the source (once) -------------------------------------------------------------
as_root() { [ "$(id -u)" = 0 ]; }

codename() {
    # shellcheck disable=SC1091
    (. /etc/os-release && echo "${VERSION_CODENAME:-}")
}

# deb-src entries mirroring the machine's deb entries for its release (same URIs, suites,
# components and keys). deb822 files give a .sources file, one-line lists a .list file.
deb_src_sources() {
    rel=$1
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -f "$f" ] || continue
        case $f in */cluu-src.sources) continue ;; esac
        awk -v rel="$rel" '
            function flush() {
                if (n && deb && enabled && suite_ok) {
                    if (out++) print ""
                    print "Types: deb-src"
                    for (i = 1; i <= n; i++) print lines[i]
                }
                n = 0; deb = 0; enabled = 1; suite_ok = 0
            }
            BEGIN { n = 0; deb = 0; enabled = 1; suite_ok = 0; out = 0 }
            /^[ \t]*#/ { next }
            /^[ \t]*$/ { flush(); next }
            /^[Tt]ypes:/ { for (i = 2; i <= NF; i++) if ($i == "deb") deb = 1; next }
            /^[Ee]nabled:/ { if ($2 == "no") enabled = 0 }
            /^[Ss]uites:/ { for (i = 2; i <= NF; i++) if ($i == rel || index($i, rel "-") == 1) suite_ok = 1 }
            { lines[++n] = $0 }
            END { flush() }' "$f"
    done
}
deb_src_lists() {
    rel=$1
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [ -f "$f" ] || continue
        case $f in */cluu-src.list) continue ;; esac
        awk -v rel="$rel" '$1 == "deb" {
            for (i = 2; i <= NF; i++) if ($i !~ /^\[/ && $i !~ /\]$/ && $i !~ /=/) break
            s = $(i + 1)
            if (s == rel || index(s, rel "-") == 1) { $1 = "deb-src"; print }
        }' "$f"
    done
}

have_musl_source() {
    apt-cache showsrc musl 2>/dev/null | grep -q '^Package: musl$'
}

ensure_deb_src() {
    have_musl_source && return 0
    rel=$(codename)
    [ -n "$rel" ] || die "no deb-src entry for musl and no VERSION_CODENAME in /etc/os-release"
    src822=$(deb_src_sources "$rel")
    srclist=$(deb_src_lists "$rel")
    if [ -z "$src822$srclist" ]; then
        src822="Types: deb-src
URIs: http://deb.debian.org/debian
Suites: $rel $rel-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg"
    fi
    if ! as_root; then
        echo "musl: apt has no deb-src entry for Debian $rel; musl's source is fetched with" >&2
        echo "apt-get source. Run as root:" >&2
        if [ -n "$src822" ]; then
            printf "\ncat > /etc/apt/sources.list.d/cluu-src.sources <<'EOF'\n%s\nEOF\n" "$src822" >&2
        fi
        if [ -n "$srclist" ]; then
            printf "\ncat > /etc/apt/sources.list.d/cluu-src.list <<'EOF'\n%s\nEOF\n" "$srclist" >&2
        fi
        printf "apt-get update\n\n" >&2
        exit 1
    fi
    echo "musl: adding deb-src entries for $rel (/etc/apt/sources.list.d/cluu-src.*)"
    written=""
    if [ -n "$src822" ]; then
        printf "%s\n" "$src822" > /etc/apt/sources.list.d/cluu-src.sources
        written="/etc/apt/sources.list.d/cluu-src.sources"
    fi
    if [ -n "$srclist" ]; then
        printf "%s\n" "$srclist" > /etc/apt/sources.list.d/cluu-src.list
        written="$written /etc/apt/sources.list.d/cluu-src.list"
    fi
    # Update only the new entries (other lists are kept), so an unrelated broken
    # repository on the machine cannot stop the build.
    for f in $written; do
        apt-get update -q -o Dir::Etc::sourcelist="$f" -o Dir::Etc::sourceparts=- \
            -o APT::Get::List-Cleanup=0 >/dev/null || die "apt-get update ($f) failed"
    done
    have_musl_source || die "still no source package 'musl' after adding deb-src entries"
}

ensure_dpkg_dev() {
    command -v dpkg-source >/dev/null 2>&1 && return 0
    if ! as_root; then
        echo "musl: apt-get source needs dpkg-dev. Run as root:" >&2
        echo "    apt-get install -y --no-install-recommends dpkg-dev" >&2
        exit 1
    fi
    echo "musl: installing dpkg-dev"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends dpkg-dev \
        >/dev/null || die "installing dpkg-dev failed"
}

SRC=$SRCCACHE/musl-$MUSL_VERSION
if [ ! -f "$SRC/VERSION" ]; then
    ensure_deb_src
    ensure_dpkg_dev
    mkdir -p "$SRCCACHE"
    echo "musl: fetching Debian source package 'musl' into $SRCCACHE"
    (cd "$SRCCACHE" && apt-get source -q --only-source musl) > "$SRCCACHE/fetch.log" 2>&1 || {
        cat "$SRCCACHE/fetch.log" >&2
        die "apt-get source musl failed"
    }
    if [ ! -f "$SRC/VERSION" ]; then
        # shellcheck disable=SC2012
        got=$(ls -d "$SRCCACHE"/musl-*/ 2>/dev/null | tr '\n' ' ')
        die "apt-get source gave ${got:-nothing}; the patches are for musl $MUSL_VERSION"
    fi
fi
[ "$(cat "$SRC/VERSION")" = "$MUSL_VERSION" ] ||
    die "$SRC/VERSION is $(cat "$SRC/VERSION"), expected $MUSL_VERSION"

# ---- patch, build and install into the cache ------------------------------------------
mkdir -p "$CACHE"
WORK=$(mktemp -d "$CACHE/musl-build.XXXXXX")
LOG=$WORK/build.log
start=$(date +%s)
cp -R "$SRC" "$WORK/src"
for p in "$PATCHDIR"/*.patch; do
    [ -f "$p" ] || continue
    patch -p1 -s -N --no-backup-if-mismatch -d "$WORK/src" < "$p" >> "$LOG" 2>&1 || {
        cat "$LOG" >&2
        die "patch ${p#"$ROOT"/} does not apply to musl $MUSL_VERSION (tree kept in $WORK)"
    }
done

jobs=$(nproc 2>/dev/null || echo 2)
echo "musl: building musl $MUSL_VERSION with $CLANG (-j$jobs, log $LOG)"
(
    cd "$WORK/src"
    # -fno-pic: static, non-PIE programs only. The hook header comes from the project.
    ./configure --target=x86_64 --prefix=/ --disable-shared --enable-static \
        CC="$MUSL_CC" AR=llvm-ar RANLIB=llvm-ranlib \
        CFLAGS="-fno-pic -I$HOOKS_DIR"
    make -j"$jobs"
    make install DESTDIR="$WORK/inst/usr"
) >> "$LOG" 2>&1 || {
    tail -n 40 "$LOG" >&2
    die "build failed (tree and log kept in $WORK)"
}
for f in lib/libc.a lib/crt1.o lib/crti.o lib/crtn.o include/stdio.h; do
    [ -f "$WORK/inst/usr/$f" ] || die "build produced no usr/$f (log $LOG)"
done
if llvm-nm "$WORK/inst/usr/lib/libc.a" 2>/dev/null | grep -q ' U __cluu_syscall$'; then :; else
    die "libc.a does not call __cluu_syscall: were the patches applied? (log $LOG)"
fi
# Publish atomically; a concurrent run may have published the same key first.
if ! mv -T "$WORK/inst" "$DONE" 2>/dev/null; then
    [ -d "$DONE/usr" ] || die "cannot create $DONE"
fi
rm -rf "$WORK"
echo "musl: built in $(($(date +%s) - start)) s -> $DONE"
# Keep the four most recent builds of this version.
# shellcheck disable=SC2012
ls -dt "$CACHE/musl-$MUSL_VERSION"-*/ 2>/dev/null | tail -n +5 | while read -r old; do
    rm -rf "$old"
done
install_sysroot
