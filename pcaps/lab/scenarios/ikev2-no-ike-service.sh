# ikev2-no-ike-service: IKEv2 towards a host that runs no IKE service: every
# IKE_SA_INIT request is answered by an ICMP port unreachable.
#
# No daemon is started in the responder namespace, so nothing listens on
# UDP 500 there and its kernel answers each datagram with ICMP destination
# unreachable, code 3 (port unreachable), quoting the IKE packet.  charon
# ignores the ICMP and retransmits until it gives up.  Capture on the
# router's initiator-side interface.  The responder's ICMP rate limit is
# off (net.ipv4.icmp_ratelimit = 0), so every copy gets its ICMP.  Timers
# changed: retransmit_timeout 1.0 s, retransmit_base 1.5, retransmit_tries
# 3 (defaults 4.0 s, 1.8, 5).  No keys: no SA exists.

# shellcheck shell=bash disable=SC2034 # variables read by pcaps/lab/run
IKW_IKE_VERSION=2
IKW_PSK=ikewatch-lab-psk
IKW_RSP_DAEMON=none
IKW_RETRANSMIT_TIMEOUT=1.0
IKW_RETRANSMIT_BASE=1.5
IKW_RETRANSMIT_TRIES=3
IKW_KEYS=no

scenario_run()
{
	! ikw_initiate 20 || return 1
	ikw_wait_log ini 'giving up after [0-9]+ retransmits' 1
}

scenario_check()
{
	ikw_require "$1" 'icmp.type == 3 && icmp.code == 3 && udp.dstport == 500' '>=' 3 \
		"ICMP port unreachable quoting UDP 500"
	ikw_require "$1" "isakmp && ip.src == $IKW_RSP_ADDR && !icmp" = 0 "no IKE from the responder"
}

scenario_expect()
{
	cat <<'X'
# The request gets no IKE answer, only ICMP port unreachable: no IKE
# listener on the responder (RFC 1122 3.2.2.1).
finding icmp_unreachable state=IKE_SA_INIT_WAIT   # port unreachable quoting our UDP 500 request
finding no_response state=IKE_SA_INIT_WAIT        # no IKE message ever answers the request
finding retransmit state=IKE_SA_INIT_WAIT         # the initiator ignores the ICMP and resends
no-finding one_sided_capture             # the responder's host does appear (its ICMP)
no-finding reply_lost
no-finding proposal_mismatch
no-finding child_sa_refused              # no child SA was refused
no-finding auth_failed
no-finding exchange_mismatch
no-finding natt_blocked                  # never switched to UDP 4500
no-finding nat_detected                  # see ikev2-unreachable-filtered: no NAT provable
no-finding esp_one_way
no-finding esp_unknown_spi
no-finding capture_drops
no-finding capture_truncated
packets ikev2 >= 3             # the request and at least 2 copies (4 are sent)
exchange 2 IKE_SA_INIT >= 3
packets icmp >= 3              # one port unreachable per copy (ICMP rate limit off in the lab)
packets esp-udp = 0
packets nat-keepalive = 0
X
}
