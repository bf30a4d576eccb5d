#!/usr/bin/env bash
# The main job on one machine: a real OVN (NB, SB, ovn-northd) laid out as OVN-Kubernetes lays out a node,
# a real FRR bgpd playing the upstream router, a Kubernetes API (fabric8's mock server, holding the Node and one
# LoadBalancer Service), and the bridge between them. Prints what the bridge sees, the routes in OVN Northbound
# and what FRR has learned; then waits for Ctrl-C (or exits with --once).
# Everything runs on loopback in a temp dir and is stopped by pid on exit.
set -euo pipefail
top="$(cd "$(dirname "$0")/.." && pwd)"
once=
[[ "${1:-}" == "--once" ]] && once=1

"$top/hack/install-deps.sh"
jar="$top/bridge/target/ovn-bgp-bridge.jar"
# the tools jar carries the test harness, whose KubeApi stands in for the Kubernetes API here
tools="$top/hack/bench/target/ovn-bgp-bench.jar"
if [[ ! -f "$jar" || ! -f "$tools" || -n "$(find "$top"/bgp-core/src "$top"/ovsdb-model/src "$top"/bridge/src \
      "$top"/test/harness/src -newer "$tools" -type f 2>/dev/null | head -1)" ]]; then
  echo "== building the bridge" >&2
  (cd "$top" && mvn -B -q -ntp -pl bridge,hack/bench -am install -DskipTests) >&2
fi

node=node1
dir=$(mktemp -d /tmp/ovn-bgp-sandbox.XXXXXX)
chmod 755 "$dir"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$p" 2>/dev/null || true
  done
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  local p
  while :; do
    p=$(( 20000 + RANDOM % 20000 ))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
  done
}
wait_for() { # what, seconds, command...
  local what=$1 secs=$2; shift 2
  for _ in $(seq $(( secs * 10 ))); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "sandbox: $what did not come up; logs in $dir:" >&2
  tail -n 30 "$dir"/*.log >&2 || true
  exit 1
}

export OVS_RUNDIR=$dir OVN_RUNDIR=$dir OVS_LOGDIR=$dir OVN_LOGDIR=$dir
echo "== OVN: NB, SB and ovn-northd in $dir" >&2
for db in nb sb; do
  ovsdb-tool create "$dir/$db.db" "/usr/share/ovn/ovn-$db.ovsschema"
  ovsdb-server --remote=punix:"$dir/$db.sock" --unixctl="$dir/$db.ctl" --pidfile="$dir/$db.pid" \
    --log-file="$dir/$db.log" --no-chdir "$dir/$db.db" >/dev/null 2>&1 &
  pids+=($!)
  wait_for "ovsdb-server ($db)" 10 ovsdb-client list-dbs "unix:$dir/$db.sock"
done
ovn-northd --ovnnb-db="unix:$dir/nb.sock" --ovnsb-db="unix:$dir/sb.sock" --unixctl="$dir/northd.ctl" \
  --pidfile="$dir/northd.pid" --log-file="$dir/northd.log" --no-chdir >/dev/null 2>&1 &
pids+=($!)
nbctl() { ovn-nbctl --db="unix:$dir/nb.sock" "$@"; }

# The node as OVN-Kubernetes (interconnect mode) lays it out: node switch with its Pod subnet, gateway router
# GR_<node>, and the external switch towards the physical network where the upstream routers are.
nbctl ls-add "$node" -- set logical_switch "$node" other_config:subnet=10.244.1.0/24 \
  -- lr-add ovn_cluster_router \
  -- lr-add "GR_$node" -- set logical_router "GR_$node" options:chassis="$node" \
  -- lrp-add "GR_$node" "rtoe-GR_$node" 02:00:00:00:01:01 172.18.0.10/24 \
  -- ls-add "ext_$node" \
  -- lsp-add "ext_$node" "etor-GR_$node" -- lsp-set-type "etor-GR_$node" router \
  -- lsp-set-addresses "etor-GR_$node" router -- lsp-set-options "etor-GR_$node" router-port="rtoe-GR_$node"

bridge_port=$(free_port)
frr_port=$(free_port)
http_port=$(free_port)

echo "== FRR bgpd (AS 65001) on 127.0.0.2:$frr_port, announcing 198.51.100.0/24 and 203.0.113.0/24" >&2
mkdir -p "$dir/frr"
cat > "$dir/frr/bgpd.conf" <<CONF
frr defaults datacenter
hostname tor-a
log file $dir/frr/bgpd.log informational
! apply route-maps at once rather than after FRR's default 5 s delay
bgp route-map delay-timer 0
router bgp 65001
 bgp router-id 10.255.0.1
 no bgp ebgp-requires-policy
 no bgp network import-check
 neighbor 127.0.0.1 remote-as 64512
 neighbor 127.0.0.1 port $bridge_port
 neighbor 127.0.0.1 update-source 127.0.0.2
 address-family ipv4 unicast
  network 198.51.100.0/24
  network 203.0.113.0/24
  neighbor 127.0.0.1 route-map to-node out
 exit-address-family
exit
! the next hop an upstream router would give: its own address on the node's external network
route-map to-node permit 10
 set ip next-hop 172.18.0.1
exit
CONF
chown -R frr:frr "$dir/frr"
/usr/lib/frr/bgpd -Z -f "$dir/frr/bgpd.conf" -i "$dir/frr/bgpd.pid" -p "$frr_port" -l 127.0.0.2 \
  --vty_socket "$dir/frr" -u frr -g frr >"$dir/frr/console.log" 2>&1 &
pids+=($!)
vtysh_() { vtysh --vty_socket "$dir/frr" -d bgpd -c "$1"; }
wait_for "FRR bgpd" 20 vtysh_ "show version"

echo "== Kubernetes API (fabric8's mock server): Node $node, Service default/web of type LoadBalancer at 192.0.2.80" >&2
java -cp "$tools" io.ovnbgp.e2e.harness.KubeApi "$dir/kubeconfig" "$node" 172.18.0.10 default/web 192.0.2.80 \
  >"$dir/kube-api.log" 2>&1 &
pids+=($!)
wait_for "the Kubernetes API" 60 test -s "$dir/kubeconfig"

echo "== the bridge (AS 64512), BGP on 127.0.0.1:$bridge_port, status on http://127.0.0.1:$http_port/status" >&2
cat > "$dir/config.yaml" <<CONF
nodeName: $node
localASN: 64512
routerID: 192.0.2.10
listen: {address: 127.0.0.1, port: $bridge_port}
ovn:
  northbound: unix:$dir/nb.sock
  router: GR_{node}
  outputPort: rtoe-GR_{node}
metrics: {address: 127.0.0.1, port: $http_port}
kubernetes: {kubeconfig: $dir/kubeconfig}
peers:
  - name: tor-a
    address: 127.0.0.2
    port: $frr_port
    asn: 65001
    sourceAddress: 127.0.0.1
    holdTime: 9s
    keepaliveTime: 3s
    receive: {mode: all}
    # the node's address on its external network; next-hop self would be 127.0.0.1, a martian to FRR
    advertise: {podNetwork: true, loadBalancerIPs: true, nextHop: 172.18.0.10, communities: ["64512:100"]}
CONF
java -jar "$jar" run --config "$dir/config.yaml" >"$dir/bridge.log" 2>&1 &
pids+=($!)
wait_for "the bridge" 60 curl -sf "http://127.0.0.1:$http_port/readyz"

show() {
  echo
  echo "== the bridge: ovn-bgp-bridge status (the JSON behind it: curl http://127.0.0.1:$http_port/status)"
  java -jar "$jar" status --url "http://127.0.0.1:$http_port"
  echo
  echo "== the bridge: ovn-bgp-bridge routes"
  java -jar "$jar" routes --url "http://127.0.0.1:$http_port"
  echo "== OVN Northbound: routes on GR_$node"
  nbctl lr-route-list "GR_$node"
  echo
  echo "== FRR (tor-a): sessions and what it learned from the node"
  vtysh_ "show bgp summary"
  vtysh_ "show bgp ipv4 unicast"
}
# the routes FRR announces show up as static routes owned by the bridge on GR_<node>, and the node's Pod
# subnet (from its Logical_Switch) and the Service's LoadBalancer IP (from the Kubernetes API) at FRR
for _ in $(seq 300); do
  [[ $(nbctl --bare --columns=_uuid find Logical_Router_Static_Route "external_ids:ovn-bgp-bridge/owner=$node" | grep -c .) -ge 2 ]] \
    && vtysh_ "show bgp ipv4 unicast 10.244.1.0/24" >/dev/null 2>&1 \
    && vtysh_ "show bgp ipv4 unicast 192.0.2.80/32" >/dev/null 2>&1 && break
  sleep 0.1
done
show
if [[ -n "$once" ]]; then
  exit 0
fi
echo
echo "Running; logs in $dir. Ctrl-C stops everything." >&2
echo "Edit $dir/config.yaml (peers, receive, advertise): the bridge applies each saved version live;" >&2
echo "  java -jar $jar status --config $dir/config.yaml   shows the sessions." >&2
while :; do sleep 1; for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null || { echo "pid $p exited" >&2; exit 1; }; done; done
