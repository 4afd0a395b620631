# ikev1-main-healthy: a healthy IKEv1 tunnel, Main Mode with PSK.
#
# Main Mode (6 messages: SA, KE+Nonce on UDP 500, then the encrypted ID+HASH
# pair on UDP 4500 because kernel-libipsec fakes the NAT-D hashes), Quick
# Mode (3 encrypted messages on 4500), then 3 pings from the initiator's
# inner address and 3 from the responder's, so ESP-in-UDP flows both ways,
# then the initiator deletes the SAs: encrypted INFORMATIONAL messages with
# Delete payloads for the ESP SA and the ISAKMP SA (unacknowledged in IKEv1).
# IKE aes256-sha256-modp2048, ESP aes256-sha256 (HMAC-SHA-256-128, no PFS).
# Timers changed: retransmit_timeout 1.0 s, retransmit_base 1.5,
# retransmit_tries 2 (strongSwan defaults 4.0 s, 1.8, 5), so a lost message
# costs about a second and a broken run gives up after about 5 s.  No
# retransmit is expected in this capture.

# shellcheck shell=bash disable=SC2034 # variables read by pcaps/lab/run
IKW_IKE_VERSION=1
IKW_IKE_PROPOSALS=aes256-sha256-modp2048
IKW_ESP_PROPOSALS=aes256-sha256
IKW_PSK=ikewatch-lab-v1-psk
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

scenario_expect()
{
	cat <<'X'
# A healthy IKEv1 tunnel: Main Mode, Quick Mode, ESP both ways, Deletes.
no-finding no_response        # MM1..MM6 and QM1..QM3 each answered at once
no-finding retransmit
no-finding reply_lost
no-finding proposal_mismatch
no-finding child_sa_refused              # no child SA was refused
no-finding auth_failed        # same PSK: MM6 follows MM5
no-finding exchange_mismatch  # Main Mode on both sides
no-finding selector_mismatch  # mirrored proxy identities
no-finding notify_error
no-finding delete_loop
no-finding dpd_unanswered
no-finding esp_one_way
no-finding esp_unknown_spi
no-finding esp_sequence
no-finding natt_blocked       # MM5/MM6, QM and ESP all answered on UDP 4500
no-finding nat_rebind
no-finding fragment_lost
no-finding icmp_unreachable
no-finding one_sided_capture
no-finding capture_drops
no-finding capture_truncated
# The closing Informationals (Delete of the ESP SA and of the ISAKMP SA)
# are not acknowledged in IKEv1 (RFC 2408 4.8): they are no unanswered
# request.
# nat_detected: kernel-libipsec fakes each peer's own NAT-D hash to force
# NAT-T; the hashes of the peer's address (the first NAT-D of MM3 and MM4)
# match the addresses seen here, so no NAT is proven.  See ikev2-healthy.
no-finding nat_detected
packets ikev1 = 11            # 6 Main Mode + 3 Quick Mode + 2 Delete Informationals
exchange 1 main = 6
exchange 1 quick = 3
exchange 1 informational = 2
exchange 1 aggressive = 0
packets esp-udp = 12
packets esp = 0
packets nat-keepalive = 0
packets icmp = 0
packets ip-fragment = 0
X
}
