# Sourced by throwaway-postgres.sh and throwaway-mariadb.sh.
#   free_port FROM   -> the first loopback port from FROM on that nothing listens on
#   as_user USER CMD -> runs CMD as USER when root (servers refuse to run as root), as is otherwise

free_port() {
  local port=$1
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  echo "$port"
}

as_user() {
  local user=$1; shift
  if [ "$(id -u)" = 0 ]; then runuser -u "$user" -- "$@"; else "$@"; fi
}
