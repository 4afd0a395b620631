# ikev2-child-proposal-mismatch: IKEv2, the IKE SA comes up, the CHILD_SA
# finds no common ESP proposal.
#
# IKE aes256-sha256-modp2048 on both sides; the initiator offers ESP
# aes128-sha1 only, the responder accepts ESP aes256-sha256 only.
# IKE_SA_INIT and IKE_AUTH complete (the IKE SA is established: IDr and
# AUTH in the response), but the IKE_AUTH response carries
# NO_PROPOSAL_CHOSEN instead of SA/TSi/TSr for the child (RFC 7296 1.2,
# 2.21.3).  At the end the initiator deletes the IKE SA (INFORMATIONAL).
# Capture on the initiator side.  Timers changed: retransmit_timeout 1.0 s,
# retransmit_base 1.5, retransmit_tries 2 (defaults 4.0 s, 1.8, 5).  Keys:
# the IKE SA's keys decrypt both IKE_AUTH messages and the Delete.  No ESP.

# shellcheck shell=bash disable=SC2034 # variables read by pcaps/lab/run
IKW_IKE_VERSION=2
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
# The IKE SA is established, but the IKE_AUTH response carries
# NO_PROPOSAL_CHOSEN for the child (readable with the keys): the ESP
# proposals differ.  The initiator was waiting in IKE_AUTH_WAIT.
finding proposal_mismatch state=IKE_AUTH_WAIT keys
finding child_sa_refused state=IKE_AUTH_WAIT nokeys  # the IKE_AUTH response has room for IDr+AUTH, not for SA+TS
no-finding no_response                   # every request answered, the Delete too
no-finding retransmit
no-finding auth_failed                   # IDr and AUTH are in the response: authentication succeeded
no-finding selector_mismatch
no-finding notify_error                  # NO_PROPOSAL_CHOSEN is proposal_mismatch
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
packets ikev2 = 6                        # IKE_SA_INIT, IKE_AUTH, INFORMATIONAL (Delete): request + response
exchange 2 IKE_SA_INIT = 2
exchange 2 IKE_AUTH = 2
exchange 2 INFORMATIONAL = 2
exchange 2 CREATE_CHILD_SA = 0
packets esp-udp = 0
packets icmp = 0
X
}
