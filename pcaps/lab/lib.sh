# pcaps/lab/lib.sh: the ikewatch capture lab (sourced by pcaps/lab/run).
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
# tshark (IKE SPIs for the .keys file, key check) and strongSwan 5.9 (strongswan-charon, strongswan-swanctl,
# libcharon-extra-plugins for kernel-libipsec).

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
: "${IKW_CAPTURE_FILTER:=udp port 500 or udp port 4500 or esp or ah or icmp or icmp6 or (ip[6:2] & 0x3fff != 0) or (ip6 and ip6[6] == 44)}"

IKW_TAG=
IKW_WORK=
declare -A IKW_NS=()         # role -> namespace name
declare -A IKW_CHARON_PID=() # role -> charon pid
IKW_TCPDUMP_PID=
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
	    tcpdump:tcpdump tshark:tshark "$IKW_SWANCTL:strongswan-swanctl"; do
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
	for _ in $(seq 50); do
		grep -q 'listening on' "$IKW_WORK/tcpdump.err" && return 0
		kill -0 "$IKW_TCPDUMP_PID" 2>/dev/null || break
		sleep 0.1
	done
	cat "$IKW_WORK/tcpdump.err" >&2
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
	sed -n '/listening on/!s/^/ikw: tcpdump: /p' "$IKW_WORK/tcpdump.err" >&2
}

# ikw_charon_conf ROLE: write ROLE's strongswan.conf.
ikw_charon_conf()
{
	local dir=$IKW_WORK/$1

	cat >"$dir/strongswan.conf" <<EOF
# Generated by pcaps/lab/lib.sh for the $1 peer of run $IKW_TAG.
charon {
	load_modular = no
	load = random nonce openssl aes sha1 sha2 hmac gmp kdf pem pkcs1 x509 pubkey kernel-libipsec kernel-netlink socket-default vici
	retransmit_timeout = ${IKW_RETRANSMIT_TIMEOUT:-4.0}
	retransmit_base = ${IKW_RETRANSMIT_BASE:-1.8}
	retransmit_tries = ${IKW_RETRANSMIT_TRIES:-5}
	keep_alive = ${IKW_KEEP_ALIVE:-20s}
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
# variables (IKW_IKE_VERSION, IKW_IKE_PROPOSALS, IKW_ESP_PROPOSALS, IKW_PSK,
# IKW_INI_TS, IKW_RSP_TS and the optional IKW_{INI,RSP}_PSK, which override
# IKW_PSK per side, and IKW_{INI,RSP}_EXTRA_CONN, extra lines for the
# connection section).
ikw_swanctl_conf()
{
	local role=$1 dir=$IKW_WORK/$1/swanctl
	local me peer my_ts peer_ts extra psk

	if [[ $role == ini ]]; then
		me=$IKW_INI_ADDR peer=$IKW_RSP_ADDR
		my_ts=${IKW_INI_TS:-$IKW_INI_NET} peer_ts=${IKW_RSP_TS:-$IKW_RSP_NET}
		extra=${IKW_INI_EXTRA_CONN:-}
		psk=${IKW_INI_PSK:-$IKW_PSK}
	else
		me=$IKW_RSP_ADDR peer=$IKW_INI_ADDR
		my_ts=${IKW_RSP_TS:-$IKW_RSP_NET} peer_ts=${IKW_INI_TS:-$IKW_INI_NET}
		extra=${IKW_RSP_EXTRA_CONN:-}
		psk=${IKW_RSP_PSK:-$IKW_PSK}
	fi
	mkdir -p "$dir"
	cat >"$dir/swanctl.conf" <<EOF
# Generated by pcaps/lab/lib.sh for the $role peer of run $IKW_TAG.
connections {
	ikw {
		version = $IKW_IKE_VERSION
		local_addrs = $me
		remote_addrs = $peer
		proposals = $IKW_IKE_PROPOSALS
		mobike = no
		$extra
		local {
			auth = psk
			id = $me
		}
		remote {
			auth = psk
			id = $peer
		}
		children {
			ikw {
				mode = tunnel
				local_ts = $my_ts
				remote_ts = $peer_ts
				esp_proposals = $IKW_ESP_PROPOSALS
				start_action = none
				close_action = none
				dpd_action = clear
			}
		}
	}
}
secrets {
	ike-ikw {
		id-me = $me
		id-peer = $peer
		secret = "$psk"
	}
}
EOF
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

# ikw_initiate [TIMEOUT]: the initiator brings up child "ikw".
ikw_initiate()
{
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

# ikw_child_spis LOG: "SPI_in SPI_out" of the first CHILD_SA in LOG.
ikw_child_spis()
{
	sed -n 's/.*established with SPIs \([0-9a-f]*\)_i \([0-9a-f]*\)_o.*/\1 \2/p;T;q' \
		"$1"
}

# ikw_pcap_spi PCAP FIELD: FIELD (isakmp.ispi or isakmp.rspi) of the first
# IKE packet whose responder SPI is set, as 16 hex digits.
ikw_pcap_spi()
{
	tshark -r "$1" -Y 'isakmp && isakmp.rspi != 00:00:00:00:00:00:00:00' \
		-T fields -e "$2" 2>/dev/null | awk 'NR == 1 { gsub(/:/, ""); print }'
}

# ikw_write_keys PCAP KEYS: the .keys file for a finished run, from the
# initiator's charon log.  Sections are headed by "# <wireshark uat name>";
# the other "#" lines are comments (Wireshark's UAT reader skips them too).
ikw_write_keys()
{
	local pcap=$1 keys=$2 log=$IKW_WORK/ini/charon.log
	local ispi rspi spis spi_in spi_out ei er ai ar ka
	local c_ei c_er c_ai c_ar

	ispi=$(ikw_pcap_spi "$pcap" isakmp.ispi)
	rspi=$(ikw_pcap_spi "$pcap" isakmp.rspi)
	[[ -n $ispi && -n $rspi ]] || ikw_die "no IKE SPIs in $pcap"
	spis=$(ikw_child_spis "$log")
	[[ -n $spis ]] || ikw_die "no CHILD_SA SPIs in $log"
	read -r spi_in spi_out <<<"$spis"
	c_ei=$(ikw_log_hex "$log" "encryption initiator key")
	c_er=$(ikw_log_hex "$log" "encryption responder key")
	c_ai=$(ikw_log_hex "$log" "integrity initiator key")
	c_ar=$(ikw_log_hex "$log" "integrity responder key")
	[[ -n $c_ei && -n $c_er && -n $c_ai && -n $c_ar ]] ||
		ikw_die "no CHILD_SA keys in $log"

	{
		printf '# Keys for %s, from the initiator charon log (ike=4, chd=4).\n' \
			"$(basename "$pcap")"
		printf '# Lab secrets only: PSK "%s" (initiator), "%s" (responder).\n' \
			"${IKW_INI_PSK:-$IKW_PSK}" "${IKW_RSP_PSK:-$IKW_PSK}"
		if [[ $IKW_IKE_VERSION == 2 ]]; then
			ei=$(ikw_log_hex "$log" "Sk_ei secret")
			er=$(ikw_log_hex "$log" "Sk_er secret")
			ai=$(ikw_log_hex "$log" "Sk_ai secret")
			ar=$(ikw_log_hex "$log" "Sk_ar secret")
			[[ -n $ei && -n $er && -n $ai && -n $ar ]] ||
				ikw_die "no IKEv2 SK_* keys in $log"
			printf '# ikev2_decryption_table\n'
			printf '%s,%s,%s,%s,"%s",%s,%s,"%s"\n' "$ispi" "$rspi" \
				"$ei" "$er" "$IKW_WS_IKE_ENCR" "$ai" "$ar" "$IKW_WS_IKE_INTEG"
		else
			ka=$(ikw_log_hex "$log" "encryption key Ka")
			[[ -n $ka ]] || ikw_die "no IKEv1 Ka in $log"
			printf '# ikev1_decryption_table\n'
			printf '%s,%s\n' "$ispi" "$ka"
		fi
		# Outer addresses: ESP rides in UDP 4500 between the peers.  The
		# initiator's outbound SPI carries initiator->responder traffic,
		# protected with the "initiator" keys (RFC 7296 2.17, RFC 2409 5.5).
		printf '# esp_sa\n'
		printf '"IPv4","%s","%s","0x%s","%s","0x%s","%s","0x%s"\n' \
			"$IKW_INI_ADDR" "$IKW_RSP_ADDR" "$spi_out" "$IKW_WS_ESP_ENCR" \
			"$c_ei" "$IKW_WS_ESP_INTEG" "$c_ai"
		printf '"IPv4","%s","%s","0x%s","%s","0x%s","%s","0x%s"\n' \
			"$IKW_RSP_ADDR" "$IKW_INI_ADDR" "$spi_in" "$IKW_WS_ESP_ENCR" \
			"$c_er" "$IKW_WS_ESP_INTEG" "$c_ar"
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

# ikw_verify_keys PCAP KEYS: check with tshark that KEYS decrypt PCAP: every
# encrypted IKE message is decrypted (in IKEv2 with a correct ICV) and
# every ESP packet is decrypted with a correct ICV and holds ICMP.
ikw_verify_keys()
{
	local pcap=$1 keys=$2 ws n_enc n_dec n_icv n_esp n_good

	ws=$(mktemp -d "$IKW_WORK/wireshark.XXXXXX")
	ikw_keys_split "$keys" "$ws"
	printf '%s\n' 'esp.enable_encryption_decode: TRUE' \
		'esp.enable_authentication_check: TRUE' >"$ws/preferences"
	n_enc=$(ikw_tshark_count "$ws" "$pcap" 'isakmp.enc.data')
	# IKEv2 marks decrypted SK payloads; Wireshark's IKEv1 path does not,
	# but every encrypted IKEv1 message (MM5/6, QM, INFORMATIONAL) starts
	# with a HASH payload that only shows up once decrypted.
	if [[ $IKW_IKE_VERSION == 2 ]]; then
		n_dec=$(ikw_tshark_count "$ws" "$pcap" 'isakmp.enc.decrypted')
	else
		n_dec=$(ikw_tshark_count "$ws" "$pcap" 'isakmp.enc.data && isakmp.hash')
	fi
	n_icv=$(ikw_tshark_count "$ws" "$pcap" 'isakmp.ikev2.integrity_checksum')
	n_esp=$(ikw_tshark_count "$ws" "$pcap" 'esp')
	n_good=$(ikw_tshark_count "$ws" "$pcap" 'esp.icv_good == 1 && icmp')
	ikw_log "keys: $n_dec/$n_enc encrypted IKE messages decrypted," \
		"$n_icv bad IKEv2 ICVs, $n_good/$n_esp ESP packets decrypted" \
		"with a good ICV"
	[[ $n_enc -gt 0 && $n_dec -eq $n_enc && $n_icv -eq 0 &&
	   $n_esp -gt 0 && $n_good -eq $n_esp ]]
}

# ikw_tshark_count CONFDIR PCAP FILTER: number of frames matching FILTER
# with CONFDIR as Wireshark's configuration directory.
ikw_tshark_count()
{
	WIRESHARK_CONFIG_DIR=$1 tshark -r "$2" -Y "$3" 2>/dev/null | wc -l
}
