# Shared by scripts/zcsh and scripts/test: install the system packages zcsh needs.
ensure_libedit() {
  if pkg-config --exists libedit 2>/dev/null && [ -f /usr/include/histedit.h ]; then return 0; fi
  echo "zcsh: installing libedit-dev (apt-get)…" >&2
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq libedit-dev pkg-config >&2
}
