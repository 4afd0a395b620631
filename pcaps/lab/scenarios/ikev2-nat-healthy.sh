# ikev2-nat-healthy: IKEv2 through a real NAT, healthy: float to UDP 4500
# and NAT-T keepalives.
#
# The router masquerades the initiator (192.0.2.10) behind its right
# address 203.0.113.1 (iptables MASQUERADE).  IKE_SA_INIT on UDP 500, its
# NAT-D notifies show the NAT (the responder hashes 203.0.113.1), IKE_AUTH
# and ESP move to UDP 4500 (RFC 7296 2.23).  3 pings each way, then about 7
# s without traffic in which the initiator, being behind the NAT, sends
# NAT-T keepalives (one 0xFF byte on UDP 4500, RFC 3948 2.3), then 2 more
# pings each way and the Delete.  Capture on the router's inside
# (initiator-side) interface, before the NAT.  Timers changed:
# charon.keep_alive 2 s (default 20 s), retransmit_timeout 1.0 s,
# retransmit_base 1.5, retransmit_tries 2 (defaults 4.0 s, 1.8, 5).

# shellcheck shell=bash disable=SC2034 # variables read by pcaps/lab/run
IKW_IKE_VERSION=2
IKW_PSK=ikewatch-lab-nat-psk
IKW_NAT=yes
IKW_KEEP_ALIVE=2s
IKW_RETRANSMIT_TIMEOUT=1.0
IKW_RETRANSMIT_BASE=1.5
IKW_RETRANSMIT_TRIES=2

scenario_run()
{
	ikw_initiate 10 || return 1
	ikw_ping ini 3 || return 1
	ikw_ping rsp 3 || return 1
	sleep 7
	ikw_ping ini 2 || return 1
	ikw_ping rsp 2 || return 1
	ikw_terminate ini
}

scenario_expect()
{
	cat <<'X'
# A real NAT, provable from this inside capture point: the responder's
# NAT_DETECTION_DESTINATION_IP is the hash of the initiator's address as
# the responder saw it (203.0.113.1:500, the NAT), not of the destination
# seen here (192.0.2.10:500).  The NAT is in front of the initiator.
finding nat_detected
no-finding natt_blocked                 # IKE_AUTH, ESP and the Delete are answered on UDP 4500
no-finding nat_rebind                   # the NAT keeps one mapping for the whole run (keepalives)
no-finding no_response
no-finding retransmit
no-finding reply_lost
no-finding proposal_mismatch
no-finding child_sa_refused              # no child SA was refused
no-finding auth_failed
no-finding exchange_mismatch
no-finding selector_mismatch
no-finding notify_error
no-finding dpd_unanswered
no-finding esp_one_way                  # ESP both ways
no-finding esp_unknown_spi
no-finding esp_sequence
no-finding icmp_unreachable
no-finding one_sided_capture
no-finding delete_loop
no-finding capture_drops
no-finding capture_truncated
packets ikev2 = 6                       # IKE_SA_INIT, IKE_AUTH, INFORMATIONAL (Delete)
exchange 2 IKE_SA_INIT = 2
exchange 2 IKE_AUTH = 2
exchange 2 INFORMATIONAL = 2
packets esp-udp = 20                    # 5 pings each way
packets nat-keepalive >= 2              # every 2 s of silence, from the initiator (behind the NAT)
packets icmp = 0
X
}
