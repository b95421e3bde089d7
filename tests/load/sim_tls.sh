# Sourced by call_load.sh and latency.sh: make_sim_tls DIR CA_NAME writes a test CA (DIR/ca.pem)
# and the simulator's certificate for 127.0.0.1 (DIR/sim.pem, DIR/sim.key), ECDSA P-256 as the
# real service. basicConstraints and keyUsage are set: OpenSSL 3 rejects a CA certificate
# without them.
make_sim_tls() {
  local dir=$1 ec=(-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes)
  openssl req -x509 "${ec[@]}" -days 2 -subj "/CN=$2" -keyout "$dir/ca.key" \
    -out "$dir/ca.pem" -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
  openssl req "${ec[@]}" -subj "/CN=127.0.0.1" -keyout "$dir/sim.key" -out "$dir/sim.csr" 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' \
    >"$dir/sim.ext"
  openssl x509 -req -in "$dir/sim.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" -CAcreateserial \
    -days 2 -extfile "$dir/sim.ext" -out "$dir/sim.pem" 2>/dev/null
}
