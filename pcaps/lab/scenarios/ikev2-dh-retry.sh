# ikev2-dh-retry: IKEv2 INVALID_KE_PAYLOAD, then a successful retry.
#
# The initiator proposes aes256-sha256 with ecp256 first and modp2048
# second, and sends its KE for ecp256 (its first group).  The responder
# accepts only modp2048 and answers with INVALID_KE_PAYLOAD naming group 14
# (RFC 7296 1.2, 3.10.1).  The initiator repeats IKE_SA_INIT with a modp2048
# KE (a new exchange, message ID 0 again), the tunnel comes up, 3 pings
# each way, then the initiator deletes the IKE SA.  Capture on the
# initiator side.  Timers changed: retransmit_timeout 1.0 s,
# retransmit_base 1.5, retransmit_tries 2 (defaults 4.0 s, 1.8, 5).  No
# retransmit expected.

# shellcheck shell=bash disable=SC2034 # variables read by pcaps/lab/run
IKW_IKE_VERSION=2
IKW_PSK=ikewatch-lab-dh-psk
IKW_INI_IKE_PROPOSALS=aes256-sha256-ecp256-modp2048
IKW_RSP_IKE_PROPOSALS=aes256-sha256-modp2048
IKW_RETRANSMIT_TIMEOUT=1.0
IKW_RETRANSMIT_BASE=1.5
IKW_RETRANSMIT_TRIES=2

scenario_run()
{
	ikw_initiate 10 || return 1
	ikw_ping ini 3 || return 1
	ikw_ping rsp 3 || return 1
	ikw_terminate ini
}

scenario_check()
{
	ikw_require "$1" 'isakmp.notify.msgtype == 17' = 1 "one INVALID_KE_PAYLOAD notify"
}

scenario_expect()
{
	cat <<'X'
# INVALID_KE_PAYLOAD asks for group 14 (modp2048) and the initiator
# retries with it: resolved, so the finding is info and nothing is stuck.
finding dh_group_retry
no-finding no_response                   # every request answered
no-finding retransmit                    # the second IKE_SA_INIT is a new request (new KE), not a copy
no-finding reply_lost
no-finding proposal_mismatch             # INVALID_KE_PAYLOAD is not NO_PROPOSAL_CHOSEN
no-finding child_sa_refused              # no child SA was refused
no-finding notify_error                  # INVALID_KE_PAYLOAD is dh_group_retry
no-finding auth_failed
no-finding exchange_mismatch
no-finding selector_mismatch
no-finding natt_blocked
no-finding nat_detected                  # only the faked own-address NAT-D hashes differ (see ikev2-healthy)
no-finding icmp_unreachable
no-finding one_sided_capture
no-finding esp_one_way
no-finding esp_unknown_spi
no-finding esp_sequence
no-finding delete_loop
no-finding capture_drops
no-finding capture_truncated
packets ikev2 = 8                        # IKE_SA_INIT twice, IKE_AUTH, INFORMATIONAL: request + response each
exchange 2 IKE_SA_INIT = 4
exchange 2 IKE_AUTH = 2
exchange 2 INFORMATIONAL = 2
packets esp-udp = 12                     # 3 pings each way
packets icmp = 0
X
}
