# ikev2-dpd-dead-peer: IKEv2 liveness checks (DPD) to a peer that has gone
# silent.
#
# The tunnel comes up and 3 pings go each way.  Then the router starts
# dropping everything between the peers (UDP 500/4500 both ways): the
# responder is, seen from the initiator, dead.  The initiator has
# dpd_delay = 2 s: after 2 s without inbound traffic it sends an empty
# INFORMATIONAL request (liveness check, RFC 7296 1.4), resends it, gives
# up and deletes the SA locally (dpd_action = clear, no further message).
# Capture on the router's initiator-side interface, before the filter.
# Timers changed: dpd_delay 2 s (default off), retransmit_timeout 1.0 s,
# retransmit_base 1.5, retransmit_tries 2 (defaults 4.0 s, 1.8, 5): the
# liveness check is sent 3 times and abandoned after about 5 s.

# shellcheck shell=bash disable=SC2034 # variables read by pcaps/lab/run
IKW_IKE_VERSION=2
IKW_PSK=ikewatch-lab-dpd-psk
IKW_INI_EXTRA_CONN="dpd_delay = 2s"
IKW_RETRANSMIT_TIMEOUT=1.0
IKW_RETRANSMIT_BASE=1.5
IKW_RETRANSMIT_TRIES=2

scenario_run()
{
	ikw_initiate 10 || return 1
	ikw_ping ini 3 || return 1
	ikw_ping rsp 3 || return 1
	ikw_rtr_drop both -p udp -m multiport --ports 500,4500
	ikw_wait_log ini 'giving up after [0-9]+ retransmits' 15
}

scenario_check()
{
	ikw_require "$1" "isakmp.exchangetype == 37 && ip.src == $IKW_RSP_ADDR" = 0 "no INFORMATIONAL from the responder"
}

scenario_expect()
{
	cat <<'X'
# After the traffic stops, the initiator's liveness check (an empty
# INFORMATIONAL request, message ID 2) is sent and resent and never
# answered.  The initiator waits in INFORMATIONAL_WAIT, then gives up.
finding dpd_unanswered state=INFORMATIONAL_WAIT
finding no_response state=INFORMATIONAL_WAIT  # an unanswered request, whatever the exchange
finding retransmit state=INFORMATIONAL_WAIT   # the same liveness request (same message ID) resent
no-finding reply_lost                   # no answer at all in the capture
no-finding esp_one_way                  # ESP flowed both ways while the peer was alive
no-finding esp_unknown_spi
no-finding esp_sequence                 # 1..6 on each SPI before the cut
# After the cut nothing comes back on UDP 4500, but IKE_AUTH and ESP came
# back on 4500 before: the NAT-T path worked, the peer died.
no-finding natt_blocked
no-finding proposal_mismatch
no-finding child_sa_refused              # no child SA was refused
no-finding auth_failed
no-finding selector_mismatch
no-finding notify_error
no-finding nat_detected                 # only the faked own-address NAT-D hashes differ (see ikev2-healthy)
no-finding icmp_unreachable             # DROP: no ICMP
no-finding one_sided_capture            # the responder appears until it "dies"
no-finding capture_drops
no-finding capture_truncated
exchange 2 IKE_SA_INIT = 2
exchange 2 IKE_AUTH = 2
exchange 2 INFORMATIONAL >= 2           # the liveness request and at least one copy (3 are sent), no response
packets esp-udp = 12                    # 3 pings each way before the cut
packets icmp = 0
X
}
