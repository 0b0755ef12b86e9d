# Kernel plumbing scenarios, run inside one User-Mode Linux boot (a kernel with VRF).
# Each scenario gets its own network namespace; results go to files in $RESULTS for the test
# to read. Set by the test: BUNDLE, RESULTS, FIXTURES.
set -u
sv() { node -- "$BUNDLE" "$@"; }

# A namespace with two "fabric NICs" (dummy links with fixed MACs, MTU 9000).
new_ns() {
  ip netns add "$1"
  ip -n "$1" link set lo up
  ip -n "$1" link add fab0 address 02:00:00:00:10:01 mtu 9000 type dummy
  ip -n "$1" link add fab1 address 02:00:00:00:10:02 mtu 9000 type dummy
}
in_ns() { local ns=$1; shift; ip netns exec "$ns" "$@"; }
snapshot() { in_ns "$1" node -- "$BUNDLE" plan --json --env-file "$2" > "$RESULTS/$3.plan.json" 2> "$RESULTS/$3.plan.err"; }

cat > "$RESULTS/v6.env" <<'ENV'
NODE_IP=10.10.10.10
ASN_LOCAL=65001
FE_MACS=02:00:00:00:10:01,02:00:00:00:10:02
ENV
cat > "$RESULTS/v4.env" <<'ENV'
NODE_IP=10.10.10.11
ASN_LOCAL=65002
FE_MACS=02:00:00:00:10:01,02:00:00:00:10:02
ASN_METALLB_LOCAL=4200099998
ASN_METALLB_REMOTE=4200099999
PEER_IP_LOCAL=192.168.250.254
PEER_IP_REMOTE=192.168.250.255
PEER_IP_PREFIX=31
INTERFACE_MTU=1500
ENV

# 1. From an empty kernel, both link families: plan, setup, TCP across the VRF, a second setup,
#    twenty restarts.
for fam in v6 v4; do
  ns=first-$fam; new_ns $ns
  snapshot $ns "$RESULTS/$fam.env" $fam-before
  in_ns $ns node -- "$BUNDLE" setup --env-file "$RESULTS/$fam.env" > "$RESULTS/$fam-setup1.out" 2> "$RESULTS/$fam-setup1.err"; echo $? > "$RESULTS/$fam-setup1.rc"
  snapshot $ns "$RESULTS/$fam.env" $fam-after1
  if [ $fam = v6 ]; then frr=fda1:b2c3:d4e5:1::; metallb=fda1:b2c3:d4e5:1::1; else frr=192.168.250.254; metallb=192.168.250.255; fi
  in_ns $ns python3 "$FIXTURES/tcp-across-vrf.py" $frr $metallb metallb > "$RESULTS/$fam-tcp.out" 2>&1; echo $? > "$RESULTS/$fam-tcp.rc"
  in_ns $ns node -- "$BUNDLE" setup --env-file "$RESULTS/$fam.env" > /dev/null 2> "$RESULTS/$fam-setup2.err"; echo $? > "$RESULTS/$fam-setup2.rc"
  snapshot $ns "$RESULTS/$fam.env" $fam-after2
  for i in $(seq 1 20); do in_ns $ns node -- "$BUNDLE" setup --env-file "$RESULTS/$fam.env" >/dev/null 2>>"$RESULTS/$fam-restarts.err" || echo "restart $i failed" >> "$RESULTS/$fam-restarts.failures"; done
  snapshot $ns "$RESULTS/$fam.env" $fam-after20
  { ip -n $ns rule; ip -n $ns -6 rule; ip -n $ns -br addr; } > "$RESULTS/$fam-after20.ip.txt"
done

# 2. A setup killed with SIGKILL after each step in turn, then one that finishes.
for k in 1 2 3 4 5 6 7; do
  ns=kill-$k; new_ns $ns
  in_ns $ns node "$FIXTURES/kill-after-step.mjs" $k "$BUNDLE" "$RESULTS/v6.env" > "$RESULTS/kill-$k.out" 2> "$RESULTS/kill-$k.err"
  in_ns $ns node -- "$BUNDLE" setup --env-file "$RESULTS/v6.env" > /dev/null 2> "$RESULTS/kill-$k-resume.err"; echo $? > "$RESULTS/kill-$k-resume.rc"
  snapshot $ns "$RESULTS/v6.env" kill-$k-after
done

# 3. Drift.
#    a. A VRF with another table: an error, nothing changed.
ns=drift-table; new_ns $ns; ip -n $ns link add metallb type vrf table 99
snapshot $ns "$RESULTS/v6.env" drift-table-before
in_ns $ns node -- "$BUNDLE" setup --env-file "$RESULTS/v6.env" > /dev/null 2> "$RESULTS/drift-table.err"; echo $? > "$RESULTS/drift-table.rc"
snapshot $ns "$RESULTS/v6.env" drift-table-after
#    b. A link of another kind named like a veth leg: replaced.
ns=drift-kind; new_ns $ns; ip -n $ns link add veth-frr type dummy
in_ns $ns node -- "$BUNDLE" setup --env-file "$RESULTS/v6.env" > /dev/null 2> "$RESULTS/drift-kind.err"; echo $? > "$RESULTS/drift-kind.rc"
snapshot $ns "$RESULTS/v6.env" drift-kind-after
#    c. After a good setup: a stale address, a changed MTU, then a deleted veth; then new PEER_IPs.
ns=drift; new_ns $ns
in_ns $ns node -- "$BUNDLE" setup --env-file "$RESULTS/v6.env" > /dev/null 2>&1
ip -n $ns addr add fda1:b2c3:d4e5:9::1/64 dev veth-metallb nodad
ip -n $ns link set veth-frr mtu 1500
in_ns $ns node -- "$BUNDLE" setup --env-file "$RESULTS/v6.env" > /dev/null 2> "$RESULTS/drift-repair.err"; echo $? > "$RESULTS/drift-repair.rc"
snapshot $ns "$RESULTS/v6.env" drift-repair-after
ip -n $ns link del veth-metallb
in_ns $ns node -- "$BUNDLE" setup --env-file "$RESULTS/v6.env" > /dev/null 2> "$RESULTS/drift-veth.err"; echo $? > "$RESULTS/drift-veth.rc"
snapshot $ns "$RESULTS/v6.env" drift-veth-after
sed -e 's/^FE_MACS=.*/&\nPEER_IP_FRR=fda1:b2c3:d4e5:2::\nPEER_IP_METALLB=fda1:b2c3:d4e5:2::1/' "$RESULTS/v6.env" > "$RESULTS/v6-moved.env"
in_ns $ns node -- "$BUNDLE" setup --env-file "$RESULTS/v6-moved.env" > /dev/null 2> "$RESULTS/drift-moved.err"; echo $? > "$RESULTS/drift-moved.rc"
snapshot $ns "$RESULTS/v6-moved.env" drift-moved-after

# 4. Bad settings change nothing: on an empty kernel and on a set-up one.
printf 'NODE_IP=10.0.0.1\nASN_LOCAL=65001\nFE_MACS=02:00:00:00:10:01\nPEER_IP_FRR=192.168.250.254\nMETALLB_VRF_ROUTE_TABLE_ID=254\n' > "$RESULTS/bad.env"
for state in empty configured; do
  ns=bad-$state; new_ns $ns
  [ $state = configured ] && in_ns $ns node -- "$BUNDLE" setup --env-file "$RESULTS/v6.env" > /dev/null 2>&1
  snapshot $ns "$RESULTS/v6.env" bad-$state-before
  { ip -n $ns -d link; ip -n $ns addr; ip -n $ns rule; ip -n $ns -6 rule; } > "$RESULTS/bad-$state-before.ip.txt"
  in_ns $ns node -- "$BUNDLE" setup --env-file "$RESULTS/bad.env" > /dev/null 2> "$RESULTS/bad-$state.err"; echo $? > "$RESULTS/bad-$state.rc"
  { ip -n $ns -d link; ip -n $ns addr; ip -n $ns rule; ip -n $ns -6 rule; } > "$RESULTS/bad-$state-after.ip.txt"
done
echo done > "$RESULTS/finished"
