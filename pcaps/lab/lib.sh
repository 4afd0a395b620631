# pcaps/lab/lib.sh: the ikewatch capture lab (sourced by pcaps/lab/run).
# shellcheck shell=bash disable=SC2034 # IKW_* variables are read indirectly (ikw_rv) and by scenarios
#
# Three network namespaces joined by veth pairs:
#
#   initiator                 router                    responder
#   inner 198.51.100.1        left  192.0.2.1/24        inner 198.51.100.65
#   eth0   192.0.2.10/24 ---- right 203.0.113.1/24 ---- eth0   203.0.113.20/24
#
# Every address comes from the documentation ranges (RFC 5737) and every MAC
# from the documentation block 00:00:5e:00:53:xx (RFC 7042).  The router only
# forwards; it has no route to the inner subnets, so clear text between them
# can only cross inside the tunnel.  Each peer runs its own charon in its own
# mount namespace (private /run, its own /etc/swanctl) with kernel-libipsec,
# so ESP is done in userspace and always ESP-in-UDP on port 4500.  tcpdump
# runs in the router namespace.
#
# All names carry a per-run tag (ikw<pid>), so runs never collide with each
# other or with anything else on the machine.  ikw_teardown undoes everything
# and is installed as an EXIT trap by ikw_lab_init.
#
# Needs root, bash, iproute2, util-linux (unshare), iputils-ping, tcpdump,
# iptables (router filters and NAT), tshark (IKE SPIs for the .keys file,
# key and count checks) and strongSwan 5.9 (strongswan-charon,
# strongswan-swanctl, libcharon-extra-plugins for kernel-libipsec,
# strongswan-pki for the certificate scenarios); the Libreswan scenarios
# also need Libreswan's run-time libraries and certutil (see
# pcaps/README.md) and fetch Debian's libreswan package once.

IKW_PREFIX=ikw
IKW_CHARON=${IKW_CHARON:-/usr/lib/ipsec/charon}
IKW_SWANCTL=${IKW_SWANCTL:-swanctl}

# Topology defaults; a scenario may override any of them before
# ikw_topology_up.
: "${IKW_INI_ADDR:=192.0.2.10}"
: "${IKW_RTR_LEFT_ADDR:=192.0.2.1}"
: "${IKW_LEFT_PLEN:=24}"
: "${IKW_RSP_ADDR:=203.0.113.20}"
: "${IKW_RTR_RIGHT_ADDR:=203.0.113.1}"
: "${IKW_RIGHT_PLEN:=24}"
: "${IKW_INI_INNER:=198.51.100.1}"
: "${IKW_INI_NET:=198.51.100.0/28}"
: "${IKW_RSP_INNER:=198.51.100.65}"
: "${IKW_RSP_NET:=198.51.100.64/28}"
# Router interface tcpdump listens on: "left" (initiator side) or "right".
# One interface, not "any": every forwarded packet would be seen twice.
: "${IKW_CAPTURE_IF:=left}"
# "yes": a second tcpdump on the router's other interface, the second
# capture point of the same traffic (OUTDIR/other/NAME.pcap), for reports
# that read two points together.
: "${IKW_CAPTURE_OTHER:=no}"
: "${IKW_CAPTURE_FILTER:=udp port 500 or udp port 4500 or esp or ah or icmp or icmp6 or (ip[6:2] & 0x3fff != 0) or (ip6 and ip6[6] == 44)}"

IKW_TAG=
IKW_WORK=
declare -A IKW_NS=()         # role -> namespace name
declare -A IKW_CHARON_PID=() # role -> charon pid
IKW_TCPDUMP_PID=
IKW_TCPDUMP2_PID=
IKW_TORN_DOWN=
IKW_FAILED=1

ikw_log()
{
	printf 'ikw: %s\n' "$*" >&2
}

ikw_die()
{
	ikw_log "error: $*"
	exit 1
}

# Remove what a killed earlier run left behind: namespaces and work dirs
# whose tag names a process that no longer exists.  Only names of our own
# form (ikw<digits>-...) are touched.
ikw_cleanup_stale()
{
	local ns pid p d

	for ns in $(ip netns list 2>/dev/null | awk '{print $1}'); do
		[[ $ns =~ ^${IKW_PREFIX}([0-9]+)-(ini|rtr|rsp)$ ]] || continue
		pid=${BASH_REMATCH[1]}
		kill -0 "$pid" 2>/dev/null && continue
		for p in $(ip netns pids "$ns" 2>/dev/null); do
			kill -KILL "$p" 2>/dev/null
		done
		ip netns del "$ns" 2>/dev/null && ikw_log "removed stale namespace $ns"
	done
	for d in "/tmp/$IKW_PREFIX"[0-9]*.*; do
		[[ -d $d && -e $d/.ikw-lab ]] || continue
		[[ ${d#/tmp/} =~ ^${IKW_PREFIX}([0-9]+)\. ]] || continue
		kill -0 "${BASH_REMATCH[1]}" 2>/dev/null && continue
		rm -rf -- "$d"
	done
}

# ikw_lab_init: check the environment, pick names, install the cleanup trap.
ikw_lab_init()
{
	local t

	[[ $(id -u) -eq 0 ]] || ikw_die "the lab needs root (network namespaces)"
	for t in ip:iproute2 unshare:util-linux ping:iputils-ping \
	    tcpdump:tcpdump tshark:tshark iptables:iptables \
	    "$IKW_SWANCTL:strongswan-swanctl"; do
		command -v "${t%%:*}" >/dev/null ||
			ikw_die "missing ${t%%:*} (Debian package ${t#*:})"
	done
	[[ -x $IKW_CHARON ]] || ikw_die "missing $IKW_CHARON (strongswan-charon)"
	[[ -e /usr/lib/ipsec/plugins/libstrongswan-kernel-libipsec.so ]] ||
		ikw_die "missing kernel-libipsec (libcharon-extra-plugins)"
	[[ -c /dev/net/tun ]] || ikw_die "missing /dev/net/tun (kernel-libipsec)"

	ikw_cleanup_stale
	IKW_TAG=${IKW_PREFIX}$$
	IKW_NS=([ini]=$IKW_TAG-ini [rtr]=$IKW_TAG-rtr [rsp]=$IKW_TAG-rsp)
	IKW_WORK=$(mktemp -d "/tmp/$IKW_TAG.XXXXXX") || ikw_die "mktemp failed"
	: >"$IKW_WORK/.ikw-lab"
	trap ikw_teardown EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM HUP
}

ikw_ns()
{
	ip netns exec "${IKW_NS[$1]}" "${@:2}"
}

# ikw_topology_up: namespaces, veth pairs, inner addresses, routes.
ikw_topology_up()
{
	local r ns

	for r in ini rtr rsp; do
		ns=${IKW_NS[$r]}
		ip netns add "$ns" || ikw_die "cannot create namespace $ns"
		# No IPv6 on lab links: no router/neighbour solicitations, no MLD
		# reports in the captures.
		ikw_ns "$r" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
			net.ipv6.conf.default.disable_ipv6=1
		ikw_ns "$r" sysctl -qw net.ipv4.conf.all.rp_filter=0 \
			net.ipv4.conf.default.rp_filter=0
		# Every ICMP error is sent (no rate limit): the count of port
		# unreachables then follows the count of requests.
		ikw_ns "$r" sysctl -qw net.ipv4.icmp_ratelimit=0
		ip -n "$ns" link set lo up
	done

	ip link add eth0 netns "${IKW_NS[ini]}" address 00:00:5e:00:53:0a \
		type veth peer name left netns "${IKW_NS[rtr]}" \
		address 00:00:5e:00:53:01 || ikw_die "cannot create left veth"
	ip link add eth0 netns "${IKW_NS[rsp]}" address 00:00:5e:00:53:14 \
		type veth peer name right netns "${IKW_NS[rtr]}" \
		address 00:00:5e:00:53:02 || ikw_die "cannot create right veth"

	ip -n "${IKW_NS[rtr]}" addr add "$IKW_RTR_LEFT_ADDR/$IKW_LEFT_PLEN" dev left
	ip -n "${IKW_NS[rtr]}" addr add "$IKW_RTR_RIGHT_ADDR/$IKW_RIGHT_PLEN" dev right
	ip -n "${IKW_NS[rtr]}" link set left up
	ip -n "${IKW_NS[rtr]}" link set right up
	ikw_ns rtr sysctl -qw net.ipv4.ip_forward=1

	ikw_peer_net ini "$IKW_INI_ADDR/$IKW_LEFT_PLEN" "$IKW_RTR_LEFT_ADDR" \
		"$IKW_INI_INNER/${IKW_INI_NET#*/}"
	ikw_peer_net rsp "$IKW_RSP_ADDR/$IKW_RIGHT_PLEN" "$IKW_RTR_RIGHT_ADDR" \
		"$IKW_RSP_INNER/${IKW_RSP_NET#*/}"

	# Resolve neighbours now so the first IKE packet is not delayed by ARP.
	ikw_ns ini ping -q -c 1 -W 2 "$IKW_RTR_LEFT_ADDR" >/dev/null ||
		ikw_die "initiator cannot reach the router"
	ikw_ns rsp ping -q -c 1 -W 2 "$IKW_RTR_RIGHT_ADDR" >/dev/null ||
		ikw_die "responder cannot reach the router"
}

# ikw_peer_net ROLE OUTER/PLEN GATEWAY INNER/PLEN
ikw_peer_net()
{
	local ns=${IKW_NS[$1]}

	ip -n "$ns" addr add "$2" dev eth0
	ip -n "$ns" link set eth0 up
	ip -n "$ns" route add default via "$3"
	# The inner address (the host behind the tunnel) sits on a dummy
	# interface where the kernel has the dummy driver, else on lo as a /32.
	if ip -n "$ns" link add inner0 type dummy 2>/dev/null; then
		ip -n "$ns" addr add "$4" dev inner0
		ip -n "$ns" link set inner0 up
	else
		ip -n "$ns" addr add "${4%/*}/32" dev lo
	fi
}

# ikw_capture_start FILE: tcpdump in the router namespace, packet-buffered.
ikw_capture_start()
{
	local pcap=$1

	rm -f -- "$pcap"
	# -Z root: write the file as root, wherever it is.  Started through
	# "ip netns exec" directly (it execs), so $! is tcpdump itself.
	ip netns exec "${IKW_NS[rtr]}" tcpdump -i "$IKW_CAPTURE_IF" -n -U -s 0 -Z root \
		-w "$pcap" "$IKW_CAPTURE_FILTER" 2>"$IKW_WORK/tcpdump.err" &
	IKW_TCPDUMP_PID=$!
	ikw_capture_wait "$IKW_TCPDUMP_PID" "$IKW_WORK/tcpdump.err"
	if [[ $IKW_CAPTURE_OTHER == yes ]]; then
		local other=left

		[[ $IKW_CAPTURE_IF == left ]] && other=right
		rm -f -- "${pcap%.pcap}.other.pcap"
		ip netns exec "${IKW_NS[rtr]}" tcpdump -i "$other" -n -U -s 0 \
			-Z root -w "${pcap%.pcap}.other.pcap" \
			"$IKW_CAPTURE_FILTER" 2>"$IKW_WORK/tcpdump2.err" &
		IKW_TCPDUMP2_PID=$!
		ikw_capture_wait "$IKW_TCPDUMP2_PID" "$IKW_WORK/tcpdump2.err"
	fi
}

# ikw_capture_wait PID ERRFILE: until tcpdump says it is listening.
ikw_capture_wait()
{
	for _ in $(seq 50); do
		grep -q 'listening on' "$2" && return 0
		kill -0 "$1" 2>/dev/null || break
		sleep 0.1
	done
	cat "$2" >&2
	ikw_die "tcpdump did not start"
}

ikw_capture_stop()
{
	[[ -n $IKW_TCPDUMP_PID ]] || return 0
	# SIGTERM, not SIGINT: background jobs of a script start with SIGINT
	# ignored.  tcpdump flushes and closes the file on either.
	kill -TERM "$IKW_TCPDUMP_PID" 2>/dev/null
	wait "$IKW_TCPDUMP_PID" 2>/dev/null
	IKW_TCPDUMP_PID=
	if [[ -n $IKW_TCPDUMP2_PID ]]; then
		kill -TERM "$IKW_TCPDUMP2_PID" 2>/dev/null
		wait "$IKW_TCPDUMP2_PID" 2>/dev/null
		IKW_TCPDUMP2_PID=
	fi
	sed -n '/listening on/!s/^/ikw: tcpdump: /p' "$IKW_WORK/tcpdump.err" >&2
}

# ikw_rv ROLE NAME DEFAULT: the scenario variable IKW_<ROLE>_<NAME> (ROLE
# upper-cased: INI, RSP) if set, else IKW_<NAME> if set, else DEFAULT.
ikw_rv()
{
	local r=${1^^} n=$2 v

	v=IKW_${r}_$n
	if [[ -n ${!v+x} ]]; then
		printf '%s' "${!v}"
		return
	fi
	v=IKW_$n
	printf '%s' "${!v-$3}"
}

# ikw_charon_conf ROLE: write ROLE's strongswan.conf.  Per-role values
# (IKW_INI_RETRANSMIT_TRIES, ...) override the common ones; IKW_CHARON_EXTRA
# and IKW_{INI,RSP}_CHARON_EXTRA are extra lines in the charon section.
ikw_charon_conf()
{
	local dir=$IKW_WORK/$1

	cat >"$dir/strongswan.conf" <<EOF
# Generated by pcaps/lab/lib.sh for the $1 peer of run $IKW_TAG.
charon {
	load_modular = no
	load = random nonce openssl aes sha1 sha2 hmac gmp kdf pem pkcs1 x509 pubkey constraints kernel-libipsec kernel-netlink socket-default vici
	retransmit_timeout = $(ikw_rv "$1" RETRANSMIT_TIMEOUT 4.0)
	retransmit_base = $(ikw_rv "$1" RETRANSMIT_BASE 1.8)
	retransmit_tries = $(ikw_rv "$1" RETRANSMIT_TRIES 5)
	keep_alive = $(ikw_rv "$1" KEEP_ALIVE 20s)
	fragment_size = $(ikw_rv "$1" FRAGMENT_SIZE 1280)
	$(ikw_rv "$1" CHARON_EXTRA "")
	plugins {
		vici {
			socket = unix://$dir/charon.vici
		}
		kernel-libipsec {
			load = yes
		}
	}
	filelog {
		ikw {
			path = $dir/charon.log
			append = no
			flush_line = yes
			time_format = %H:%M:%S
			time_add_ms = yes
			default = 1
			ike = 4
			chd = 4
		}
	}
	syslog {
		daemon {
			default = -1
		}
		auth {
			default = -1
		}
	}
}
swanctl {
	load = pem pkcs1 x509 pubkey openssl random nonce
}
EOF
}

# ikw_swanctl_conf ROLE: write ROLE's swanctl.conf from the scenario
# variables.  Each of these may be set per side as IKW_INI_<NAME> or
# IKW_RSP_<NAME>, which overrides IKW_<NAME>: IKE_VERSION, IKE_PROPOSALS,
# ESP_PROPOSALS, PSK, EXTRA_CONN (extra lines for the connection section),
# EXTRA_CHILD (extra lines for the child section), REMOTE_ADDRS (default:
# the other peer's address; %any behind a NAT).  IKW_INI_TS / IKW_RSP_TS
# are the inner subnets each side announces (default IKW_INI_NET /
# IKW_RSP_NET); IKW_INI_PEER_TS / IKW_RSP_PEER_TS what each side expects of
# the other (default: the other side's TS).  IKW_AUTH=psk (default) or
# cert (RSA certificates from ikw_certs).
ikw_swanctl_conf()
{
	local role=$1 dir=$IKW_WORK/$1/swanctl
	local me peer my_ts peer_ts psk auth local_extra secrets

	if [[ $role == ini ]]; then
		me=$IKW_INI_ADDR peer=$IKW_RSP_ADDR
		my_ts=${IKW_INI_TS:-$IKW_INI_NET}
		peer_ts=${IKW_INI_PEER_TS:-${IKW_RSP_TS:-$IKW_RSP_NET}}
	else
		me=$IKW_RSP_ADDR peer=$IKW_INI_ADDR
		my_ts=${IKW_RSP_TS:-$IKW_RSP_NET}
		peer_ts=${IKW_RSP_PEER_TS:-${IKW_INI_TS:-$IKW_INI_NET}}
	fi
	psk=$(ikw_rv "$role" PSK "")
	auth=${IKW_AUTH:-psk}
	mkdir -p "$dir"
	if [[ $auth == cert ]]; then
		auth=pubkey
		local_extra="certs = $role.pem"
		secrets=""
	else
		local_extra=""
		secrets="ike-ikw {
		id-me = $me
		id-peer = $peer
		secret = \"$psk\"
	}"
	fi
	cat >"$dir/swanctl.conf" <<EOF
# Generated by pcaps/lab/lib.sh for the $role peer of run $IKW_TAG.
connections {
	ikw {
		version = $(ikw_rv "$role" IKE_VERSION 2)
		local_addrs = $me
		remote_addrs = $(ikw_rv "$role" REMOTE_ADDRS "$peer")
		proposals = $(ikw_rv "$role" IKE_PROPOSALS default)
		mobike = no
		$(ikw_rv "$role" EXTRA_CONN "")
		local {
			auth = $auth
			id = $me
			$local_extra
		}
		remote {
			auth = $auth
			id = $peer
		}
		children {
			ikw {
				mode = tunnel
				local_ts = $my_ts
				remote_ts = $peer_ts
				esp_proposals = $(ikw_rv "$role" ESP_PROPOSALS default)
				start_action = none
				close_action = none
				dpd_action = clear
				$(ikw_rv "$role" EXTRA_CHILD "")
			}
		}
	}
}
secrets {
	$secrets
}
EOF
	if [[ ${IKW_AUTH:-psk} == cert ]]; then
		mkdir -p "$dir/x509" "$dir/x509ca" "$dir/private"
		cp "$IKW_WORK/pki/ca.pem" "$IKW_WORK/pki/sub.pem" "$dir/x509ca/"
		cp "$IKW_WORK/pki/$role.pem" "$dir/x509/"
		cp "$IKW_WORK/pki/$role.key" "$dir/private/"
	fi
}

# ikw_certs: a root CA, an intermediate CA and one end-entity certificate
# per peer (subjectAltName = its outer address), made with strongSwan's
# pki.  RSA keys of IKW_CERT_BITS (default 4096) bits: a certificate is
# about 1.4 KB, so IKE_AUTH (CERT + AUTH) is well past a 1500-byte MTU.
# shellcheck disable=SC2015 # "A && B || die": die when either fails
ikw_certs()
{
	local d=$IKW_WORK/pki bits=${IKW_CERT_BITS:-4096} role addr

	command -v pki >/dev/null || ikw_die "missing pki (Debian package strongswan-pki)"
	mkdir -p "$d"
	# pki complains on stderr about plugins Debian does not ship.
	exec 3>&2 2>>"$d/pki.log"
	pki --gen --type rsa --size "$bits" --outform pem >"$d/ca.key" &&
	pki --self --ca --lifetime 30 --in "$d/ca.key" --type rsa \
		--dn "C=ZZ, O=ikewatch lab, CN=ikewatch lab root CA" \
		--outform pem >"$d/ca.pem" || ikw_die "pki: CA failed"
	pki --gen --type rsa --size "$bits" --outform pem >"$d/sub.key" &&
	pki --pub --in "$d/sub.key" --type rsa |
		pki --issue --ca --lifetime 30 --cacert "$d/ca.pem" --cakey "$d/ca.key" \
		--dn "C=ZZ, O=ikewatch lab, CN=ikewatch lab intermediate CA" \
		--outform pem >"$d/sub.pem" || ikw_die "pki: intermediate CA failed"
	for role in ini rsp; do
		if [[ $role == ini ]]; then addr=$IKW_INI_ADDR; else addr=$IKW_RSP_ADDR; fi
		pki --gen --type rsa --size "$bits" --outform pem >"$d/$role.key" &&
		pki --pub --in "$d/$role.key" --type rsa |
			pki --issue --lifetime 30 --cacert "$d/sub.pem" --cakey "$d/sub.key" \
			--dn "C=ZZ, O=ikewatch lab, CN=$addr" --san "$addr" \
			--outform pem >"$d/$role.pem" || ikw_die "pki: $role certificate failed"
	done
	exec 2>&3 3>&-
}

# ikw_charon_start ROLE: start charon in ROLE's network namespace, in a mount
# namespace of its own with a private /run and ROLE's dir on /etc/swanctl.
ikw_charon_start()
{
	local role=$1 dir=$IKW_WORK/$1 pid

	mkdir -p "$dir"
	ikw_charon_conf "$role"
	ikw_swanctl_conf "$role"
	# shellcheck disable=SC2016 # $1, $2 are the inner shell's arguments
	STRONGSWAN_CONF=$dir/strongswan.conf ip netns exec "${IKW_NS[$role]}" \
		unshare -m --propagation private /bin/sh -c '
			mount -t tmpfs -o mode=0755 ikw-run /run &&
			mount --bind "$1" /etc/swanctl &&
			exec "$2"' ikw-charon "$dir/swanctl" "$IKW_CHARON" \
		>"$dir/charon.out" 2>&1 &
	pid=$!
	IKW_CHARON_PID[$role]=$pid
	for _ in $(seq 100); do
		if [[ -S $dir/charon.vici ]] &&
		   ikw_swanctl "$role" --stats >/dev/null 2>&1; then
			return 0
		fi
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	cat "$dir/charon.out" >&2
	ikw_die "charon ($role) did not come up"
}

# ikw_swanctl ROLE COMMAND [ARGS...]: swanctl against ROLE's charon, over its
# socket (swanctl takes --uri only after the command).
ikw_swanctl()
{
	local dir=$IKW_WORK/$1

	STRONGSWAN_CONF=$dir/strongswan.conf SWANCTL_DIR=$dir/swanctl \
		"$IKW_SWANCTL" "$2" --uri "unix://$dir/charon.vici" "${@:3}"
}

ikw_load()
{
	ikw_swanctl "$1" --load-all --noprompt >"$IKW_WORK/$1/load.out" 2>&1 || {
		cat "$IKW_WORK/$1/load.out" >&2
		ikw_die "swanctl --load-all failed ($1)"
	}
}

# ikw_initiate [TIMEOUT]: the initiator brings up child "ikw" (charon) or
# connection "ikw" (pluto); fails when the negotiation fails.
ikw_initiate()
{
	if [[ $(ikw_rv ini DAEMON charon) == libreswan ]]; then
		timeout "${1:-15}" "$BASH" -c "$(declare -f ikw_whack ikw_ns); $(declare -p IKW_NS IKW_WORK IKW_LIBRESWAN_ROOT); ikw_whack ini --initiate --name ikw" \
			>"$IKW_WORK/ini/initiate.out" 2>&1
		return
	fi
	ikw_swanctl ini --initiate --child ikw --timeout "${1:-15}" \
		>"$IKW_WORK/ini/initiate.out" 2>&1
}

# ikw_terminate ROLE: ROLE deletes the IKE SA (and with it the CHILD_SA).
ikw_terminate()
{
	ikw_swanctl "$1" --terminate --ike ikw --timeout "${2:-10}" \
		>"$IKW_WORK/$1/terminate.out" 2>&1
}

# ikw_ping ROLE COUNT: ping the other peer's inner address from ROLE's one.
ikw_ping()
{
	local src dst

	if [[ $1 == ini ]]; then
		src=$IKW_INI_INNER dst=$IKW_RSP_INNER
	else
		src=$IKW_RSP_INNER dst=$IKW_INI_INNER
	fi
	ikw_ns "$1" ping -n -q -c "$2" -i "${IKW_PING_INTERVAL:-0.3}" -W 2 \
		-I "$src" "$dst" >>"$IKW_WORK/$1/ping.out" 2>&1
}

# ikw_ping_bg ROLE COUNT: ikw_ping in the background (its pid in
# IKW_PING_PID); the scenario waits for it with "wait $IKW_PING_PID".
ikw_ping_bg()
{
	ikw_ping "$@" &
	IKW_PING_PID=$!
}

# ikw_initiate_bg [TIMEOUT]: ikw_initiate in the background (pid in
# IKW_INITIATE_PID), for scenarios where the initiation never completes and
# the scenario decides how long to let it try.
ikw_initiate_bg()
{
	ikw_initiate "$@" &
	IKW_INITIATE_PID=$!
}

# --- the router: filters and NAT ------------------------------------------

# ikw_rtr_ipt ARGS...: iptables in the router namespace.  Filters go into
# FORWARD, so the router's left interface sees a packet before the filter
# and the right interface after it (for packets going right), and the
# other way round for packets going left.
ikw_rtr_ipt()
{
	ikw_ns rtr iptables -w "$@" || ikw_die "router: iptables $* failed"
}

# ikw_rtr_drop DIRECTION MATCH...: the router drops forwarded packets that
# match.  DIRECTION: "to-rsp" (initiator -> responder), "to-ini" or "both".
ikw_rtr_drop()
{
	local dir=$1

	shift
	case $dir in
	to-rsp) ikw_rtr_ipt -A FORWARD -i left -o right "$@" -j DROP ;;
	to-ini) ikw_rtr_ipt -A FORWARD -i right -o left "$@" -j DROP ;;
	both) ikw_rtr_ipt -A FORWARD "$@" -j DROP ;;
	*) ikw_die "ikw_rtr_drop: bad direction $dir" ;;
	esac
}

# ikw_rtr_flush: remove every filter rule from the router (FORWARD chain).
ikw_rtr_flush()
{
	ikw_rtr_ipt -F FORWARD
}

# iptables u32 expressions on UDP 4500 payloads: the first four bytes of
# the UDP payload are zero (non-ESP marker: IKE) or not (ESP in UDP).  Both
# take the IPv4 header length from the first word.
IKW_U32_IKE='0>>22&0x3C@8=0'
IKW_U32_ESP='0>>22&0x3C@8=1:0xFFFFFFFF'

# ikw_rtr_nat: the router masquerades everything the initiator side sends
# to the responder side behind its right address (a real source NAT with
# connection tracking: port 500 stays 500 when it is free, 4500 likewise).
ikw_rtr_nat()
{
	ikw_rtr_ipt -t nat -A POSTROUTING -o right -j MASQUERADE
}

# --- daemons -----------------------------------------------------------------

# ikw_daemon_start ROLE: start ROLE's IKE daemon as IKW_<ROLE>_DAEMON says
# (charon, libreswan, or none: a host with no IKE service at all) and load
# its configuration.
ikw_daemon_start()
{
	case $(ikw_rv "$1" DAEMON charon) in
	charon)
		ikw_charon_start "$1"
		ikw_load "$1"
		;;
	libreswan)
		ikw_pluto_start "$1"
		;;
	none)
		ikw_log "$1: no IKE daemon"
		;;
	*)
		ikw_die "unknown daemon type for $1"
		;;
	esac
}

# ikw_charon_kill ROLE [SIGNAL]: stop ROLE's charon (default SIGKILL: a
# crash or power loss, no Delete sent) and wait until it is gone.
ikw_charon_kill()
{
	local role=$1 sig=${2:-KILL} pid=${IKW_CHARON_PID[$1]:-}

	[[ -n $pid ]] || return 0
	kill "-$sig" "$pid" 2>/dev/null
	for _ in $(seq 50); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL "$pid" 2>/dev/null
	{ wait "$pid"; } 2>/dev/null
	unset "IKW_CHARON_PID[$role]"
	rm -f -- "$IKW_WORK/$role/charon.vici"
}

# ikw_charon_restart ROLE: start ROLE's charon again (after ikw_charon_kill)
# with the same configuration, and load it.  The old log is kept as
# charon.log.N so the keys of the first daemon's SAs are not lost.
ikw_charon_restart()
{
	local role=$1 n=1

	while [[ -e $IKW_WORK/$role/charon.log.$n ]]; do n=$((n + 1)); done
	mv -f -- "$IKW_WORK/$role/charon.log" "$IKW_WORK/$role/charon.log.$n"
	ikw_charon_start "$role"
	ikw_load "$role"
}

# ikw_daemon_log ROLE: ROLE's daemon log file (charon.log or pluto.log).
ikw_daemon_log()
{
	if [[ $(ikw_rv "$1" DAEMON charon) == libreswan ]]; then
		printf '%s' "$IKW_WORK/$1/pluto.log"
	else
		printf '%s' "$IKW_WORK/$1/charon.log"
	fi
}

# ikw_wait_log ROLE REGEX TIMEOUT: wait until ROLE's daemon log matches
# REGEX (extended), at most TIMEOUT seconds.
ikw_wait_log()
{
	local i log

	log=$(ikw_daemon_log "$1")
	for ((i = 0; i < ${3:-10} * 10; i++)); do
		grep -Eq -- "$2" "$log" 2>/dev/null && return 0
		sleep 0.1
	done
	ikw_log "timeout waiting for /$2/ in the $1 charon log"
	return 1
}

# ikw_count_log ROLE REGEX: lines of ROLE's charon log matching REGEX.
ikw_count_log()
{
	grep -Ec -- "$2" "$(ikw_daemon_log "$1")" 2>/dev/null
}

# --- Libreswan ---------------------------------------------------------------
#
# Debian's libreswan package conflicts with strongSwan's, so the lab never
# installs it: ikw_libreswan_prepare fetches the .deb with "apt-get
# download" (once) and unpacks it with "dpkg -x" into IKW_LIBRESWAN_ROOT.
# Its run-time libraries are ordinary packages (see pcaps/README.md).  pluto
# runs like charon: in the peer's network namespace, in a mount namespace
# of its own with a private /run and the unpacked helpers (addconn,
# _updown) where it looks for them, /usr/libexec/ipsec.  It has no kernel
# ESP here (the kernel lacks the transforms), so Libreswan scenarios are
# about IKE: failures and stalls, with Libreswan's own habits on the wire.

: "${IKW_LIBRESWAN_ROOT:=/var/cache/ikewatch-lab/libreswan}"
declare -A IKW_PLUTO_PID=()

ikw_libreswan_prepare()
{
	local tmp deb

	[[ -x $IKW_LIBRESWAN_ROOT/usr/libexec/ipsec/pluto ]] && return 0
	command -v certutil >/dev/null ||
		ikw_die "missing certutil (Debian package libnss3-tools)"
	ikw_log "unpacking Debian's libreswan into $IKW_LIBRESWAN_ROOT"
	tmp=$(mktemp -d "$IKW_WORK/libreswan-deb.XXXXXX")
	(cd "$tmp" && apt-get download libreswan >"$tmp/download.log" 2>&1) ||
		{ cat "$tmp/download.log" >&2; ikw_die "apt-get download libreswan failed"; }
	deb=("$tmp"/libreswan_*.deb)
	[[ -f ${deb[0]} ]] || ikw_die "apt-get download libreswan: no .deb"
	mkdir -p "$IKW_LIBRESWAN_ROOT.new" || ikw_die "cannot create $IKW_LIBRESWAN_ROOT.new"
	dpkg -x "${deb[0]}" "$IKW_LIBRESWAN_ROOT.new" || ikw_die "dpkg -x ${deb[0]} failed"
	rm -rf -- "$IKW_LIBRESWAN_ROOT"
	mv -- "$IKW_LIBRESWAN_ROOT.new" "$IKW_LIBRESWAN_ROOT"
	if ldd "$IKW_LIBRESWAN_ROOT/usr/libexec/ipsec/pluto" | grep -q 'not found'; then
		ldd "$IKW_LIBRESWAN_ROOT/usr/libexec/ipsec/pluto" | grep 'not found' >&2
		ikw_die "pluto misses libraries (see the Packages line in pcaps/README.md)"
	fi
}

# ikw_pluto_conf ROLE: ROLE's ipsec.conf and ipsec.secrets from the scenario
# variables: IKE_VERSION, PSK, the traffic selectors as for charon, and
# LSW_IKE / LSW_ESP (Libreswan proposal syntax, default aes256-sha2_256;
# modp2048 and aes256-sha2_256), LSW_EXTRA_CONN (extra conn lines),
# LSW_RETRANSMIT_TIMEOUT (total time before giving up, default 10s).
ikw_pluto_conf()
{
	local role=$1 dir=$IKW_WORK/$1 me peer my_ts peer_ts v

	if [[ $role == ini ]]; then
		me=$IKW_INI_ADDR peer=$IKW_RSP_ADDR
		my_ts=${IKW_INI_TS:-$IKW_INI_NET}
		peer_ts=${IKW_INI_PEER_TS:-${IKW_RSP_TS:-$IKW_RSP_NET}}
	else
		me=$IKW_RSP_ADDR peer=$IKW_INI_ADDR
		my_ts=${IKW_RSP_TS:-$IKW_RSP_NET}
		peer_ts=${IKW_RSP_PEER_TS:-${IKW_INI_TS:-$IKW_INI_NET}}
	fi
	if [[ $(ikw_rv "$role" IKE_VERSION 2) == 1 ]]; then v=no; else v=insist; fi
	cat >"$dir/ipsec.conf" <<EOF
# Generated by pcaps/lab/lib.sh for the $role peer of run $IKW_TAG.
config setup
	nssdir=$dir/nss
	secretsfile=$dir/ipsec.secrets
	logfile=$dir/pluto.log
	logtime=yes
	dumpdir=$dir/run
	ikev1-policy=accept
	plutodebug=base

conn ikw
	ikev2=$v
	authby=secret
	left=$me
	leftid=$me
	leftsubnet=$my_ts
	right=$(ikw_rv "$role" REMOTE_ADDRS "$peer")
	rightid=$peer
	rightsubnet=$peer_ts
	ike=$(ikw_rv "$role" LSW_IKE "aes256-sha2_256;modp2048")
	esp=$(ikw_rv "$role" LSW_ESP "aes256-sha2_256")
	retransmit-timeout=$(ikw_rv "$role" LSW_RETRANSMIT_TIMEOUT 10s)
	encapsulation=auto
	# keyingtries=1 and rekey=no: no second keying attempt and no
	# "revival" (a new attempt with new SPIs right after a failed one), so
	# each capture holds one attempt.
	keyingtries=1
	rekey=no
	auto=add
	$(ikw_rv "$role" LSW_EXTRA_CONN "")
EOF
	printf '%s %s : PSK "%s"\n' "$me" "$peer" "$(ikw_rv "$role" PSK "")" \
		>"$dir/ipsec.secrets"
	chmod 600 "$dir/ipsec.secrets"
}

# ikw_pluto_start ROLE: start Libreswan's pluto for ROLE and load its
# connection.
ikw_pluto_start()
{
	local role=$1 dir=$IKW_WORK/$1 lsw pid

	ikw_libreswan_prepare
	lsw=$IKW_LIBRESWAN_ROOT/usr/libexec/ipsec
	mkdir -p "$dir/nss" "$dir/run"
	certutil -N -d "sql:$dir/nss" --empty-password >/dev/null 2>&1 ||
		ikw_die "certutil: cannot create the NSS database for $role"
	ikw_pluto_conf "$role"
	# shellcheck disable=SC2016 # $1.. are the inner shell's arguments
	ip netns exec "${IKW_NS[$role]}" \
		unshare -m --propagation private /bin/sh -c '
			mount -t tmpfs -o mode=0755 ikw-run /run &&
			mount -t tmpfs -o mode=0755 ikw-libexec /usr/libexec &&
			ln -s "$1" /usr/libexec/ipsec &&
			exec "$1/pluto" --nofork --config "$2/ipsec.conf" \
				--rundir "$2/run" --nssdir "$2/nss" \
				--secretsfile "$2/ipsec.secrets" \
				--logfile "$2/pluto.log" --ipsecdir "$2"' \
		ikw-pluto "$lsw" "$dir" >"$dir/pluto.out" 2>&1 &
	pid=$!
	IKW_PLUTO_PID[$role]=$pid
	for _ in $(seq 100); do
		[[ -S $dir/run/pluto.ctl ]] && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	[[ -S $dir/run/pluto.ctl ]] || {
		cat "$dir/pluto.out" "$dir/pluto.log" >&2 2>/dev/null
		ikw_die "pluto ($role) did not come up"
	}
	ikw_ns "$role" "$lsw/whack" --ctlsocket "$dir/run/pluto.ctl" --listen \
		>"$dir/listen.out" 2>&1 || ikw_die "whack --listen failed ($role)"
	ikw_ns "$role" "$lsw/addconn" --ctlsocket "$dir/run/pluto.ctl" \
		--config "$dir/ipsec.conf" ikw >"$dir/load.out" 2>&1 || {
		cat "$dir/load.out" >&2
		ikw_die "addconn failed ($role)"
	}
}

# ikw_whack ROLE ARGS...: whack against ROLE's pluto.
ikw_whack()
{
	ikw_ns "$1" "$IKW_LIBRESWAN_ROOT/usr/libexec/ipsec/whack" \
		--ctlsocket "$IKW_WORK/$1/run/pluto.ctl" "${@:2}"
}

ikw_pluto_stop()
{
	local role pid

	for role in "${!IKW_PLUTO_PID[@]}"; do
		pid=${IKW_PLUTO_PID[$role]}
		kill -TERM "$pid" 2>/dev/null
		for _ in $(seq 30); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		kill -KILL "$pid" 2>/dev/null
		{ wait "$pid"; } 2>/dev/null
		unset "IKW_PLUTO_PID[$role]"
	done
}

ikw_charon_stop()
{
	local role pid

	for role in "${!IKW_CHARON_PID[@]}"; do
		pid=${IKW_CHARON_PID[$role]}
		kill -TERM "$pid" 2>/dev/null
		for _ in $(seq 30); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		kill -KILL "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		unset "IKW_CHARON_PID[$role]"
	done
}

# ikw_teardown: stop everything this run started and delete its namespaces.
# Idempotent; runs from the EXIT trap.  The work dir (configs, charon logs)
# is kept when the run failed or IKW_KEEP=1.
ikw_teardown()
{
	local r ns p

	[[ -n $IKW_TORN_DOWN ]] && return 0
	IKW_TORN_DOWN=1
	set +e
	ikw_capture_stop
	ikw_charon_stop
	ikw_pluto_stop
	for r in ini rtr rsp; do
		ns=${IKW_NS[$r]:-}
		[[ -n $ns ]] || continue
		ip netns list | awk '{print $1}' | grep -qx -- "$ns" || continue
		for p in $(ip netns pids "$ns" 2>/dev/null); do
			kill -KILL "$p" 2>/dev/null
		done
		ip netns del "$ns"
	done
	if [[ -n $IKW_WORK && -d $IKW_WORK ]]; then
		if [[ $IKW_FAILED == 1 || ${IKW_KEEP:-0} == 1 ]]; then
			# Without the marker, later runs leave it alone.
			rm -f -- "$IKW_WORK/.ikw-lab"
			ikw_log "work dir kept: $IKW_WORK"
		else
			rm -rf -- "$IKW_WORK"
		fi
	fi
}

# --- key extraction ------------------------------------------------------

# ikw_log_hex LOG LABEL [N]: the N-th (default 1st) %B hex dump that charon
# logged as "LABEL => x bytes @ 0x...", as one lower-case hex string.
ikw_log_hex()
{
	awk -v label="$2" -v want="${3:-1}" '
		function flush() { if (grab) { print hex; grab = 0; exit } }
		index($0, label " => ") {
			flush()
			if (++n == want) { grab = 1; hex = "";
				match($0, /=> [0-9]+ bytes/)
				len = substr($0, RSTART + 3, RLENGTH - 9) + 0 }
			next
		}
		grab && /\] +[0-9]+: / {
			sub(/.*\] +[0-9]+: /, "")
			for (i = 1; i <= 16 && length(hex) < 2 * len; i++) {
				if ($i !~ /^[0-9A-Fa-f][0-9A-Fa-f]$/) break
				hex = hex tolower($i)
			}
			if (length(hex) >= 2 * len) flush()
			next
		}
		grab { flush() }
		END { if (grab) print hex }' "$1"
}

# ikw_keys_log ROLE: ROLE's charon logs, oldest first, as one stream
# (charon.log.N are logs of daemons the scenario restarted).
ikw_keys_log()
{
	local f n=1 r=$1

	while [[ -e $IKW_WORK/$r/charon.log.$n ]]; do
		cat -- "$IKW_WORK/$r/charon.log.$n"
		n=$((n + 1))
	done
	f=$IKW_WORK/$r/charon.log
	[[ -e $f ]] && cat -- "$f"
	return 0
}

# ikw_pcap_ike_sas PCAP: "ISPI RSPI" of every IKE SA that has an encrypted
# message in PCAP, in order of first appearance (16 hex digits each).
ikw_pcap_ike_sas()
{
	WIRESHARK_CONFIG_DIR=$IKW_WORK/ws-empty tshark -r "$1" \
		-Y 'isakmp.enc.data && !icmp' -T fields -e isakmp.ispi \
		-e isakmp.rspi 2>/dev/null | awk '!seen[$0]++ { gsub(/:/, ""); print $1, $2 }'
}

# ikw_write_keys PCAP KEYS: the .keys file for a finished run, from the
# charon log(s) of the initiator (or of the responder, IKW_KEYS_LOG=rsp,
# when the initiator is not charon).  Sections are headed by "# <wireshark uat
# name>"; the other "#" lines are comments (Wireshark's UAT reader skips
# them too).  Every IKE SA with an encrypted message in the capture gets a
# line, paired in order with the keys charon derived (charon does not log
# the SPIs next to the keys; the order of derivation is the order in which
# the SAs are first used), and every CHILD_SA the initiator logged as
# established gets two esp_sa lines.  IKW_KEYS=ike writes no esp_sa section.
ikw_write_keys()
{
	local pcap=$1 keys=$2 who=${IKW_KEYS_LOG:-ini} log
	local n i ispi rspi spi_in spi_out ei er ai ar ka ini_addr rsp_addr
	local c_ei c_er c_ai c_ar
	local -a sas childs

	log=$IKW_WORK/$who/all.log
	ikw_keys_log "$who" >"$log"
	mkdir -p "$IKW_WORK/ws-empty"
	mapfile -t sas < <(ikw_pcap_ike_sas "$pcap")
	[[ ${#sas[@]} -gt 0 ]] || ikw_die "no encrypted IKE message in $pcap"
	# A rekeyed CHILD_SA is logged twice ("inbound ... established",
	# then "outbound ... established"): count it once.
	mapfile -t childs < <(sed -n '/outbound CHILD_SA/d
		s/.*CHILD_SA .* established with SPIs \([0-9a-f]*\)_i \([0-9a-f]*\)_o.*/\1 \2/p' "$log")
	# Outer addresses as the capture point sees them: behind the router's
	# NAT the responder sees the router's right address.
	ini_addr=$IKW_INI_ADDR rsp_addr=$IKW_RSP_ADDR
	[[ ${IKW_NAT:-no} == yes && $IKW_CAPTURE_IF == right ]] &&
		ini_addr=$IKW_RTR_RIGHT_ADDR

	{
		printf '# Keys for %s, from the %s charon log (ike=4, chd=4).\n' \
			"$(basename "$pcap")" "$([[ $who == ini ]] && echo initiator || echo responder)"
		if [[ ${IKW_AUTH:-psk} == cert ]]; then
			printf '# Lab secrets only: RSA certificates made at run time with pki.\n'
		else
			printf '# Lab secrets only: PSK "%s" (initiator), "%s" (responder).\n' \
				"$(ikw_rv ini PSK "")" "$(ikw_rv rsp PSK "")"
		fi
		if [[ $(ikw_rv "$who" IKE_VERSION 2) == 2 ]]; then
			printf '# ikev2_decryption_table\n'
			n=$(grep -c 'Sk_ei secret => ' "$log")
			for ((i = 0; i < ${#sas[@]}; i++)); do
				read -r ispi rspi <<<"${sas[$i]}"
				if ((i >= n)); then
					printf '# %s,%s: no keys (not logged)\n' "$ispi" "$rspi"
					continue
				fi
				ei=$(ikw_log_hex "$log" "Sk_ei secret" $((i + 1)))
				er=$(ikw_log_hex "$log" "Sk_er secret" $((i + 1)))
				ai=$(ikw_log_hex "$log" "Sk_ai secret" $((i + 1)))
				ar=$(ikw_log_hex "$log" "Sk_ar secret" $((i + 1)))
				printf '%s,%s,%s,%s,"%s",%s,%s,"%s"\n' "$ispi" "$rspi" \
					"$ei" "$er" "$IKW_WS_IKE_ENCR" "$ai" "$ar" "$IKW_WS_IKE_INTEG"
			done
		else
			printf '# ikev1_decryption_table\n'
			n=$(grep -c 'encryption key Ka => ' "$log")
			for ((i = 0; i < ${#sas[@]}; i++)); do
				read -r ispi rspi <<<"${sas[$i]}"
				if ((i >= n)); then
					printf '# %s: no keys (not logged)\n' "$ispi"
					continue
				fi
				ka=$(ikw_log_hex "$log" "encryption key Ka" $((i + 1)))
				printf '%s,%s\n' "$ispi" "$ka"
			done
		fi
		if [[ $IKW_KEYS != ike && ${#childs[@]} -gt 0 ]]; then
			# ESP rides in UDP 4500 between the peers.  The CHILD_SA's
			# initiator (the lab's initiator) protects its outbound
			# traffic with the "initiator" keys (RFC 7296 2.17, RFC
			# 2409 5.5).
			printf '# esp_sa\n'
			for ((i = 0; i < ${#childs[@]}; i++)); do
				read -r spi_in spi_out <<<"${childs[$i]}"
				c_ei=$(ikw_log_hex "$log" "encryption initiator key" $((i + 1)))
				c_er=$(ikw_log_hex "$log" "encryption responder key" $((i + 1)))
				c_ai=$(ikw_log_hex "$log" "integrity initiator key" $((i + 1)))
				c_ar=$(ikw_log_hex "$log" "integrity responder key" $((i + 1)))
				[[ -n $c_ei && -n $c_er && -n $c_ai && -n $c_ar ]] ||
					ikw_die "no keys for CHILD_SA $((i + 1)) in the initiator log"
				printf '"IPv4","%s","%s","0x%s","%s","0x%s","%s","0x%s"\n' \
					"$ini_addr" "$rsp_addr" "$spi_out" "$IKW_WS_ESP_ENCR" \
					"$c_ei" "$IKW_WS_ESP_INTEG" "$c_ai"
				printf '"IPv4","%s","%s","0x%s","%s","0x%s","%s","0x%s"\n' \
					"$rsp_addr" "$ini_addr" "$spi_in" "$IKW_WS_ESP_ENCR" \
					"$c_er" "$IKW_WS_ESP_INTEG" "$c_ar"
			done
		fi
	} >"$keys"
}

# ikw_keys_split KEYS DIR: one Wireshark UAT file per section of KEYS in DIR
# (usable as WIRESHARK_CONFIG_DIR).
ikw_keys_split()
{
	awk -v dir="$2" '
		/^# (ikev1_decryption_table|ikev2_decryption_table|esp_sa)$/ {
			out = dir "/" $2; next }
		/^#/ || !NF { next }
		out { print > out }' "$1"
}

# ikw_verify_keys PCAP KEYS: check with tshark that KEYS decrypt PCAP.
# IKW_KEYS_IKE: "all" (default: every encrypted IKE message decrypts, in
# IKEv2 with a correct ICV) or "some" (at least one does: the other side's
# messages were encrypted with keys the initiator never had).  IKW_KEYS_ESP:
# "all" (default: there is ESP and every ESP packet decrypts with a correct
# ICV and holds ICMP), "none" (no ESP in the capture).
ikw_verify_keys()
{
	local pcap=$1 keys=$2 ws n_enc n_dec n_icv n_esp n_good ok=1

	ws=$(mktemp -d "$IKW_WORK/wireshark.XXXXXX")
	ikw_keys_split "$keys" "$ws"
	printf '%s\n' 'esp.enable_encryption_decode: TRUE' \
		'esp.enable_authentication_check: TRUE' >"$ws/preferences"
	n_enc=$(ikw_tshark_count "$ws" "$pcap" 'isakmp.enc.data && !icmp') || ok=0
	# IKEv2 marks decrypted SK payloads; Wireshark's IKEv1 path does not,
	# but every encrypted IKEv1 message (MM5/6, QM, INFORMATIONAL) starts
	# with a HASH payload (in Main Mode with PSK: an ID payload) that only
	# shows up once decrypted.
	if [[ $(ikw_rv ini IKE_VERSION 2) == 2 ]]; then
		n_dec=$(ikw_tshark_count "$ws" "$pcap" 'isakmp.enc.decrypted && !icmp') || ok=0
	else
		n_dec=$(ikw_tshark_count "$ws" "$pcap" 'isakmp.enc.data && (isakmp.hash || isakmp.id.type) && !icmp') || ok=0
	fi
	n_icv=$(ikw_tshark_count "$ws" "$pcap" 'isakmp.ikev2.integrity_checksum') || ok=0
	# (ESP decrypts to ICMP echo; an ICMP error quoting ESP is not ESP,
	# even when tshark decrypts the quote: a restarted peer sends those.)
	n_esp=$(ikw_tshark_count "$ws" "$pcap" 'esp && !(icmp.type in {3,4,5,11,12})') || ok=0
	n_good=$(ikw_tshark_count "$ws" "$pcap" 'esp.icv_good == 1 && icmp.type in {0,8} && !(icmp.type in {3,4,5,11,12})') || ok=0
	ikw_log "keys: $n_dec/$n_enc encrypted IKE messages decrypted," \
		"$n_icv bad IKEv2 ICVs, $n_good/$n_esp ESP packets decrypted" \
		"with a good ICV"
	case ${IKW_KEYS_IKE:-all} in
	all) [[ $n_enc -gt 0 && $n_dec -eq $n_enc && $n_icv -eq 0 ]] || ok=0 ;;
	some) [[ $n_dec -gt 0 ]] || ok=0 ;;
	esac
	case ${IKW_KEYS_ESP:-all} in
	all) [[ $n_esp -gt 0 && $n_good -eq $n_esp ]] || ok=0 ;;
	none) [[ $n_esp -eq 0 ]] || ok=0 ;;
	esac
	[[ $ok == 1 ]]
}

# ikw_tshark_count CONFDIR PCAP FILTER: number of frames matching FILTER
# with CONFDIR as Wireshark's configuration directory.  When tshark fails
# (a filter it cannot parse, a file it cannot read) it says why, prints no
# number and returns 1: a count of 0 would let an "= 0" check pass.
ikw_tshark_count()
{
	local out rc

	out=$(WIRESHARK_CONFIG_DIR=$1 tshark -r "$2" -Y "$3" 2>"$1/tshark.err")
	rc=$?
	if ((rc != 0)); then
		ikw_log "tshark failed (exit $rc) on '$3':" \
			"$(grep -v 'Running as user\|could be dangerous' "$1/tshark.err" | head -3)"
		return 1
	fi
	if [[ -z $out ]]; then
		echo 0
	else
		printf '%s\n' "$out" | wc -l
	fi
}

# --- expectations ------------------------------------------------------------

# Display filters for the "packets PROTO" directive of a .expect file.  The
# classes follow ikewatch's "proto" field: a packet is counted once, as the
# outermost thing it is.  An ICMP error quoting IKE or ESP is "icmp" (not
# IKE); an IP fragment that does not complete its datagram is
# "ip-fragment", and the fragment that completes it counts as what the
# reassembled datagram is (Wireshark's default IP reassembly does the same).
declare -A IKW_PROTO_FILTER=(
	[ikev1]='isakmp.version == 0x10 && !icmp'
	[ikev2]='isakmp.version == 0x20 && !icmp'
	[esp]='esp && !udp && !icmp'
	[esp-udp]='esp && udp && !icmp'
	[ah]='ah && !esp && !icmp'
	[nat-keepalive]='udpencap.nat_keepalive && !icmp'
	[icmp]='icmp.type in {3,4,5,11,12} && (isakmp || esp || ah || udp.port in {500,4500})'
	[ip-fragment]='(ip.flags.mf == 1 || ip.frag_offset > 0) && !isakmp && !esp && !ah && !icmp && !udpencap'
)
declare -A IKW_EXCHANGE_TYPE=(
	[1:main]=2 [1:aggressive]=4 [1:informational]=5 [1:transaction]=6
	[1:quick]=32
	[2:IKE_SA_INIT]=34 [2:IKE_AUTH]=35 [2:CREATE_CHILD_SA]=36
	[2:INFORMATIONAL]=37
)
IKW_FINDING_IDS=" no_response retransmit reply_lost proposal_mismatch auth_failed exchange_mismatch dh_group_retry selector_mismatch notify_error delete_loop dpd_unanswered esp_one_way esp_unknown_spi esp_sequence child_sa_refused nat_detected natt_blocked nat_rebind fragment_lost icmp_unreachable lifetime_mismatch rekey_collision capture_drops capture_truncated one_sided_capture decrypt_failed "
IKW_STATES=" MM_WAIT_MSG2 MM_WAIT_MSG3 MM_WAIT_MSG4 MM_WAIT_MSG5 MM_WAIT_MSG6 AM_WAIT_MSG2 AM_WAIT_MSG3 QM_WAIT_MSG2 QM_WAIT_MSG3 IKE_SA_INIT_WAIT IKE_AUTH_WAIT CREATE_CHILD_SA_WAIT INFORMATIONAL_WAIT "

# ikw_check_expect PCAP EXPECT: check the syntax of every directive of
# EXPECT and the "packets" and "exchange" counts against PCAP (tshark, no
# keys).  Prints one line per count; fails if any does not hold.
ikw_check_expect()
{
	local pcap=$1 expect=$2 ws=$IKW_WORK/ws-empty line lineno=0 bad=0
	local kw a b c d filter n ok

	mkdir -p "$ws"
	while IFS= read -r line || [[ -n $line ]]; do
		lineno=$((lineno + 1))
		line=${line%%#*}
		read -r kw a b c d <<<"$line"
		[[ -n $kw ]] || continue
		case $kw in
		finding | no-finding)
			if [[ $IKW_FINDING_IDS != *" $a "* ]]; then
				ikw_log "expect:$lineno: unknown finding id '$a'"
				bad=1
			fi
			# A trailing "keys"/"nokeys": which runs check it.
			if [[ $c == keys || $c == nokeys ]]; then
				c=""
			elif [[ -z $c && ( $b == keys || $b == nokeys ) ]]; then
				b=""
			fi
			if [[ -n $b ]]; then
				if [[ $kw == no-finding || $b != state=* ||
				      $IKW_STATES != *" ${b#state=} "* || -n $c ]]; then
					ikw_log "expect:$lineno: bad '$line'"
					bad=1
				fi
			fi
			continue
			;;
		packets)
			filter=${IKW_PROTO_FILTER[$a]:-}
			set -- "$b" "$c"
			;;
		exchange)
			filter=${IKW_EXCHANGE_TYPE[$a:$b]:-}
			[[ -n $filter ]] && filter="isakmp.version == 0x${a}0 && isakmp.exchangetype == $filter && !icmp"
			set -- "$c" "$d"
			;;
		*)
			filter=
			;;
		esac
		if [[ -z $filter || ! $1 =~ ^(=|>=|<=)$ || ! $2 =~ ^[0-9]+$ ]]; then
			ikw_log "expect:$lineno: bad '$line'"
			bad=1
			continue
		fi
		n=$(ikw_tshark_count "$ws" "$pcap" "$filter") || n=error
		case $n:$1 in
		error:*) ok=FAIL ;;
		*:=) ((n == $2)) && ok=ok || ok=FAIL ;;
		*:'>=') ((n >= $2)) && ok=ok || ok=FAIL ;;
		*:'<=') ((n <= $2)) && ok=ok || ok=FAIL ;;
		esac
		[[ $ok == ok ]] || bad=1
		ikw_log "expect: $ok: ${line%"${line##*[![:space:]]}"} (capture: $n)"
	done <"$expect"
	return $bad
}

# ikw_count PCAP FILTER: frames of PCAP matching the display FILTER
# (no keys), for a scenario's own checks.
ikw_count()
{
	mkdir -p "$IKW_WORK/ws-empty"
	ikw_tshark_count "$IKW_WORK/ws-empty" "$1" "$2"
}

# ikw_require PCAP FILTER OP N WHAT: fail the run unless the number of
# frames matching FILTER satisfies OP N.
ikw_require()
{
	local n ok

	n=$(ikw_count "$1" "$2") || n=error
	case $n:$3 in
	error:*) ok=0 ;;
	*:=) ((n == $4)) && ok=1 || ok=0 ;;
	*:'>=') ((n >= $4)) && ok=1 || ok=0 ;;
	*:'<=') ((n <= $4)) && ok=1 || ok=0 ;;
	esac
	if [[ $ok == 1 ]]; then
		ikw_log "check: ok: $5 ($3 $4, capture: $n)"
	else
		ikw_log "check: FAIL: $5 ($3 $4, capture: $n; filter $2)"
		return 1
	fi
}
