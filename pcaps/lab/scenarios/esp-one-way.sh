# esp-one-way: IKEv2 tunnel up, then ESP blocked in one direction.
#
# IKE_SA_INIT and IKE_AUTH succeed.  Then the router starts dropping
# ESP-in-UDP (UDP 4500 whose first four payload bytes are not the zero
# non-ESP marker; iptables u32) from the responder towards the initiator;
# IKE on 4500 still passes.  3 pings from the initiator's inner host: their
# ESP reaches the responder, whose ESP replies die at the router; 3 pings
# from the responder's inner host: dropped at once.  Then the initiator
# deletes the IKE SA (answered).  Capture on the router's initiator-side
# interface, after the filter for the responder's packets: ESP appears in
# one direction only.  Timers changed: retransmit_timeout 1.0 s,
# retransmit_base 1.5, retransmit_tries 2 (defaults 4.0 s, 1.8, 5).
# Keys: IKE and ESP (the ESP SA towards the initiator is in the keys file
# although no packet of it appears).

# shellcheck shell=bash disable=SC2034 # variables read by pcaps/lab/run
IKW_IKE_VERSION=2
# The responder-side point too (pcaps/other/): it sees the ESP the router
# drops before it reaches the initiator.
IKW_CAPTURE_OTHER=yes
IKW_PSK=ikewatch-lab-esp-psk
IKW_RETRANSMIT_TIMEOUT=1.0
IKW_RETRANSMIT_BASE=1.5
IKW_RETRANSMIT_TRIES=2

scenario_run()
{
	ikw_initiate 10 || return 1
	ikw_rtr_drop to-ini -p udp --sport 4500 -m u32 --u32 "$IKW_U32_ESP"
	! ikw_ping ini 3 || return 1
	! ikw_ping rsp 3 || return 1
	ikw_terminate ini
}

scenario_check()
{
	ikw_require "$1" "esp && ip.src == $IKW_RSP_ADDR" = 0 "no ESP from the responder"
}

scenario_expect()
{
	cat <<'X'
# The tunnel is up (IKE_AUTH completed with a child SA), ESP flows from the
# initiator on its SPI, and nothing ever comes back on the responder's SPI:
# ESP in one direction only.  No IKE exchange is stuck: state null.
finding esp_one_way
no-finding no_response                  # IKE works: every request, the Delete too, is answered
no-finding retransmit
no-finding reply_lost
no-finding dpd_unanswered               # no DPD configured, no liveness check sent
no-finding natt_blocked                 # IKE comes back on UDP 4500 (IKE_AUTH, Delete responses)
no-finding proposal_mismatch
no-finding child_sa_refused              # no child SA was refused
no-finding auth_failed
no-finding selector_mismatch
no-finding notify_error
no-finding esp_unknown_spi              # the initiator's SPI was negotiated in this capture
no-finding esp_sequence                 # 1..3 without gaps
no-finding nat_detected                 # only the faked own-address NAT-D hashes differ (see ikev2-healthy)
no-finding icmp_unreachable
no-finding one_sided_capture            # the responder appears (IKE)
no-finding capture_drops
no-finding capture_truncated
packets ikev2 = 6                       # IKE_SA_INIT, IKE_AUTH, INFORMATIONAL (Delete)
exchange 2 IKE_SA_INIT = 2
exchange 2 IKE_AUTH = 2
exchange 2 INFORMATIONAL = 2
packets esp-udp = 3                     # the initiator's 3 echo requests; nothing from the responder
packets icmp = 0
X
}
