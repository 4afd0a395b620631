# ikev1-p1-proposal-mismatch: IKEv1 Main Mode, no common phase 1 proposal.
#
# The initiator offers only aes128-sha1-modp2048, the responder accepts
# only aes256-sha256-modp3072.  The responder answers MM1 with an
# unencrypted Informational carrying NO_PROPOSAL_CHOSEN (RFC 2408 5.2,
# no responder cookie state is kept); the initiator gives up at once.
# Capture on the initiator side.  Timers changed: retransmit_timeout 1.0 s,
# retransmit_base 1.5, retransmit_tries 2 (defaults 4.0 s, 1.8, 5).  No
# keys: no keying material was ever derived.

# shellcheck shell=bash disable=SC2034 # variables read by pcaps/lab/run
IKW_IKE_VERSION=1
IKW_PSK=ikewatch-lab-psk
IKW_INI_IKE_PROPOSALS=aes128-sha1-modp2048
IKW_RSP_IKE_PROPOSALS=aes256-sha256-modp3072
IKW_KEYS=no
IKW_RETRANSMIT_TIMEOUT=1.0
IKW_RETRANSMIT_BASE=1.5
IKW_RETRANSMIT_TRIES=2

scenario_run()
{
	! ikw_initiate 15 || return 1
	ikw_wait_log ini 'NO_PROPOSAL_CHOSEN' 2
}

scenario_expect()
{
	cat <<'X'
# MM1 is answered by an unencrypted Informational with NO_PROPOSAL_CHOSEN:
# no common phase 1 proposal.  The initiator was in MM_WAIT_MSG2 and the
# attempt is over (TROUBLESHOOTING: "MM_WAIT_MSG2, then deleted").
finding proposal_mismatch state=MM_WAIT_MSG2
no-finding no_response                   # MM1 was answered (by the error) within milliseconds
no-finding child_sa_refused              # no child SA was refused
no-finding retransmit                    # MM1 sent once: the error ends the attempt
no-finding auth_failed                   # authentication never started
no-finding notify_error                  # NO_PROPOSAL_CHOSEN is proposal_mismatch
no-finding selector_mismatch
no-finding reply_lost
no-finding exchange_mismatch
no-finding dh_group_retry
no-finding natt_blocked                  # never switched to UDP 4500
no-finding nat_detected                  # only the faked own-address NAT-D hashes differ (kernel-libipsec forces NAT-T)
no-finding icmp_unreachable
no-finding one_sided_capture
no-finding esp_one_way                   # no ESP SA, no ESP
no-finding esp_unknown_spi
no-finding delete_loop
no-finding capture_drops
no-finding capture_truncated
packets ikev1 = 2                        # MM1, the Informational
exchange 1 main = 1
exchange 1 informational = 1
exchange 1 quick = 0
packets esp-udp = 0
packets icmp = 0
X
}
