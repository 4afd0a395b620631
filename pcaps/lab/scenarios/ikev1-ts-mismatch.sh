# ikev1-ts-mismatch: IKEv1, Quick Mode proxy identities that are not mirror
# images.
#
# The initiator proposes 198.51.100.0/28 <-> 198.51.100.64/28; the
# responder's policy for the initiator's side is 198.51.100.32/28
# (disjoint: strongSwan narrows overlapping selectors and succeeds).  Main
# Mode completes; the responder answers QM1 with an encrypted Informational
# carrying INVALID_ID_INFORMATION (RFC 2407 4.6.3); no ESP SA.  At the end
# the initiator deletes the ISAKMP SA.  Capture on the initiator side.
# Timers changed: retransmit_timeout 1.0 s, retransmit_base 1.5,
# retransmit_tries 2 (defaults 4.0 s, 1.8, 5).  Keys: the ISAKMP SA's Ka
# decrypts every encrypted message, including the IDci/IDcr of QM1.  No ESP.

# shellcheck shell=bash disable=SC2034 # variables read by pcaps/lab/run
IKW_IKE_VERSION=1
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
	ikw_wait_log ini 'INVALID_ID_INFORMATION' 2 || return 1
	sleep 0.5
	ikw_terminate ini
}

scenario_expect()
{
	cat <<'X'
# Phase 1 completes, QM1 (IDci 198.51.100.0/28, IDcr 198.51.100.64/28) is
# answered by an encrypted Informational with INVALID_ID_INFORMATION
# (readable with the keys): the responder's proxy identities are not the
# mirror image.  The initiator was waiting in QM_WAIT_MSG2.
finding selector_mismatch state=QM_WAIT_MSG2 keys
finding child_sa_refused state=QM_WAIT_MSG2 nokeys  # QM1 answered by an encrypted Informational: without keys, which refusal is not readable
no-finding proposal_mismatch             # same ESP transforms on both sides
# INVALID_ID_INFORMATION answering the authenticating messages would be
# auth_failed; here it answers Quick Mode, after MM6: not an auth failure.
no-finding auth_failed
no-finding no_response                   # QM1 was answered (by the error); the final Delete is unacknowledged by design
no-finding retransmit
no-finding notify_error                  # INVALID_ID_INFORMATION in phase 2 is selector_mismatch
no-finding reply_lost
no-finding exchange_mismatch
no-finding dh_group_retry
no-finding natt_blocked                  # MM5/MM6 and Quick Mode answered on UDP 4500
no-finding nat_detected                  # only the faked own-address NAT-D hashes differ (kernel-libipsec forces NAT-T)
no-finding icmp_unreachable
no-finding one_sided_capture
no-finding esp_one_way                   # no ESP SA, no ESP
no-finding esp_unknown_spi
no-finding delete_loop
no-finding capture_drops
no-finding capture_truncated
packets ikev1 = 9                        # MM1..MM6, QM1, the error Informational, the Delete
exchange 1 main = 6
exchange 1 quick = 1
exchange 1 informational = 2
packets esp-udp = 0
packets icmp = 0
X
}
