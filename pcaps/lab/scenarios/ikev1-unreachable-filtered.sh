# ikev1-unreachable-filtered: IKEv1 responder unreachable: UDP 500 and 4500 to it are
# silently dropped by a filter on the router.
#
# The responder runs charon with a matching configuration, but the router
# drops (iptables DROP, no ICMP) every UDP 500/4500 packet forwarded towards
# it.  The capture is on the router's initiator-side interface, before the
# filter: it shows the initiator's MM1 (Main Mode SA proposal) and its
# retransmits, and nothing from the responder at all.  The initiator gives
# up after its last retransmit.  Timers changed: retransmit_timeout 1.0 s,
# retransmit_base 1.5, retransmit_tries 3 (defaults 4.0 s, 1.8, 5): copies
# at 0, 1, 2.5 and 4.75 s, give-up at about 9.8 s.  No keys: no SA exists.

# shellcheck shell=bash disable=SC2034 # variables read by pcaps/lab/run
IKW_IKE_VERSION=1
IKW_PSK=ikewatch-lab-psk
IKW_RETRANSMIT_TIMEOUT=1.0
IKW_RETRANSMIT_BASE=1.5
IKW_RETRANSMIT_TRIES=3
IKW_KEYS=no

scenario_setup()
{
	ikw_rtr_drop to-rsp -p udp -m multiport --dports 500,4500
}

scenario_run()
{
	# The initiation must fail: the initiator gives up.
	! ikw_initiate 20 || return 1
	ikw_wait_log ini 'giving up after [0-9]+ retransmits' 1
}

scenario_check()
{
	# Nothing from the responder is in the capture.
	ikw_require "$1" "ip.src == $IKW_RSP_ADDR" = 0 "nothing from the responder"
}

scenario_expect()
{
	cat <<'X'
# The request is sent again and again and never answered: the classic
# "no reachability / UDP 500 filtered" picture (state MM_WAIT_MSG2).
finding no_response state=MM_WAIT_MSG2      # the only request is never answered
finding retransmit state=MM_WAIT_MSG2       # the same request, same bytes, resent
# The responder never appears in the capture (its packets never existed):
# a "no reply" claim then rests on the capture seeing both directions,
# which nothing here proves; the catalogue asks for the warning.
finding one_sided_capture
no-finding reply_lost                  # no answer at all: nothing was lost on the way back
no-finding icmp_unreachable            # DROP, not REJECT: no ICMP
no-finding proposal_mismatch           # no answer: nothing was refused
no-finding child_sa_refused              # no child SA was refused
no-finding auth_failed                 # authentication never started
no-finding exchange_mismatch
no-finding dh_group_retry
no-finding natt_blocked                # the initiator never switched to UDP 4500
# nat_detected: the only NAT-D hashes are the initiator's: its own-address
# hash is faked (kernel-libipsec forces NAT-T), the peer-address hash
# matches the destination seen here.  Nothing proves a NAT.
no-finding nat_detected
no-finding esp_one_way                 # no ESP at all
no-finding esp_unknown_spi
no-finding capture_drops
no-finding capture_truncated
packets ikev1 >= 3             # MM1 and at least 2 copies (4 are sent: 0, 1, 2.5, 4.75 s)
exchange 1 main >= 3
exchange 1 quick = 0
packets esp-udp = 0
packets icmp = 0
packets nat-keepalive = 0
X
}
