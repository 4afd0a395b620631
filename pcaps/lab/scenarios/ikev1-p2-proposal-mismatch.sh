# ikev1-p2-proposal-mismatch: IKEv1, Main Mode succeeds, Quick Mode finds
# no common ESP proposal.
#
# Phase 1 aes256-sha256-modp2048 on both sides; the initiator offers ESP
# aes128-sha1 only, the responder accepts ESP aes256-sha256 only.  Main
# Mode completes (MM5/MM6 on UDP 4500), the responder answers QM1 with an
# encrypted Informational carrying NO_PROPOSAL_CHOSEN; no ESP SA exists.
# At the end the initiator deletes the ISAKMP SA (encrypted Informational
# with a Delete).  Capture on the initiator side.  Timers changed:
# retransmit_timeout 1.0 s, retransmit_base 1.5, retransmit_tries 2
# (defaults 4.0 s, 1.8, 5).  Keys: the ISAKMP SA's Ka decrypts every
# encrypted message (MM5, MM6, QM1, the notify, the Delete).  No ESP.

# shellcheck shell=bash disable=SC2034 # variables read by pcaps/lab/run
IKW_IKE_VERSION=1
IKW_PSK=ikewatch-lab-psk
IKW_INI_ESP_PROPOSALS=aes128-sha1
IKW_RSP_ESP_PROPOSALS=aes256-sha256
IKW_KEYS=ike
IKW_KEYS_ESP=none
IKW_RETRANSMIT_TIMEOUT=1.0
IKW_RETRANSMIT_BASE=1.5
IKW_RETRANSMIT_TRIES=2

scenario_run()
{
	! ikw_initiate 15 || return 1
	ikw_wait_log ini 'NO_PROPOSAL_CHOSEN' 2 || return 1
	sleep 0.5
	ikw_terminate ini
}

scenario_expect()
{
	cat <<'X'
# Phase 1 completes (MM6), QM1 is answered by an encrypted Informational
# with NO_PROPOSAL_CHOSEN (readable with the keys): the ESP transform sets
# differ.  The initiator was waiting in QM_WAIT_MSG2.
finding proposal_mismatch state=QM_WAIT_MSG2 keys
finding child_sa_refused state=QM_WAIT_MSG2 nokeys  # QM1 answered by an encrypted Informational: without keys, which refusal is not readable
no-finding no_response                   # QM1 was answered (by the error); the final Delete is unacknowledged by design (RFC 2408 4.8)
no-finding retransmit
no-finding auth_failed                   # MM6 arrived: the PSKs match
no-finding selector_mismatch             # the identities were not refused, the transforms were
no-finding notify_error                  # NO_PROPOSAL_CHOSEN is proposal_mismatch
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
