# ikev2-ts-mismatch: IKEv2, traffic selectors the responder does not accept.
#
# The initiator proposes TSi 198.51.100.0/28, TSr 198.51.100.64/28; the
# responder's policy for the initiator's side is 198.51.100.32/28
# (disjoint: strongSwan narrows overlapping selectors and succeeds).  The
# IKE SA comes up, the IKE_AUTH response carries TS_UNACCEPTABLE instead of
# the child (RFC 7296 2.9); no ESP SA.  At the end the initiator deletes
# the IKE SA.  Capture on the initiator side.  Timers changed:
# retransmit_timeout 1.0 s, retransmit_base 1.5, retransmit_tries 2
# (defaults 4.0 s, 1.8, 5).  Keys: the IKE SA's keys decrypt everything.
# No ESP.

# shellcheck shell=bash disable=SC2034 # variables read by pcaps/lab/run
IKW_IKE_VERSION=2
IKW_PSK=ikewatch-lab-psk
IKW_RSP_PEER_TS=198.51.100.32/28
IKW_KEYS=ike
IKW_KEYS_ESP=none
IKW_RETRANSMIT_TIMEOUT=1.0
IKW_RETRANSMIT_BASE=1.5
IKW_RETRANSMIT_TRIES=2

scenario_run()
{
	! ikw_initiate 15 || return 1
	ikw_wait_log ini 'TS_UNACCEPTABLE' 2 || return 1
	sleep 0.5
	ikw_terminate ini
}

scenario_expect()
{
	cat <<'X'
# The IKE SA is established, but the IKE_AUTH response carries
# TS_UNACCEPTABLE (readable with the keys): the responder's selectors for
# the initiator's side are disjoint from TSi.  The initiator was waiting in
# IKE_AUTH_WAIT.
finding selector_mismatch state=IKE_AUTH_WAIT keys
finding child_sa_refused state=IKE_AUTH_WAIT nokeys  # the IKE_AUTH response has room for IDr+AUTH, not for SA+TS
no-finding proposal_mismatch             # same ESP proposals
no-finding auth_failed                   # IDr and AUTH in the response
no-finding no_response
no-finding retransmit
no-finding notify_error                  # TS_UNACCEPTABLE is selector_mismatch
no-finding reply_lost
no-finding exchange_mismatch
no-finding dh_group_retry
no-finding natt_blocked                  # IKE_AUTH and INFORMATIONAL answered on UDP 4500
no-finding nat_detected                  # only the faked own-address NAT-D hashes differ (kernel-libipsec forces NAT-T)
no-finding icmp_unreachable
no-finding one_sided_capture
no-finding esp_one_way                   # no ESP SA, no ESP
no-finding esp_unknown_spi
no-finding delete_loop
no-finding capture_drops
no-finding capture_truncated
packets ikev2 = 6
exchange 2 IKE_SA_INIT = 2
exchange 2 IKE_AUTH = 2
exchange 2 INFORMATIONAL = 2
exchange 2 CREATE_CHILD_SA = 0
packets esp-udp = 0
packets icmp = 0
X
}
