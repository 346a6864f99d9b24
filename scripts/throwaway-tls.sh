# Sourced by throwaway-mariadb.sh: a throwaway certificate authority and a server certificate it signs, for
# targets that speak TLS in tests.
#   make_test_certificates DIR OWNER -> DIR/ca.pem, DIR/server.pem and DIR/server.key (readable by OWNER only).
#   The server certificate names localhost only (not 127.0.0.1): tls_mode verify_full passes for a target
#   reached as localhost and fails for one reached as 127.0.0.1, while verify_ca passes for both.
make_test_certificates() {
  local dir=$1 owner=$2
  mkdir -p "$dir"
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=Symphony test authority" \
    -keyout "$dir/ca.key" -out "$dir/ca.pem" >/dev/null 2>&1 || return 1
  openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout "$dir/server.key" -out "$dir/server.csr" >/dev/null 2>&1 || return 1
  printf 'subjectAltName=DNS:localhost\n' > "$dir/server.ext"
  openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" -CAcreateserial -days 2 \
    -extfile "$dir/server.ext" -out "$dir/server.pem" >/dev/null 2>&1 || return 1
  chmod 600 "$dir/server.key" "$dir/ca.key"
  chmod 644 "$dir/ca.pem" "$dir/server.pem"
  [ "$(id -u)" = 0 ] && chown "$owner" "$dir/server.key" "$dir/server.pem"
  return 0
}
