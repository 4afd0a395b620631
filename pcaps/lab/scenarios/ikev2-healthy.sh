# ikev2-healthy: a healthy IKEv2 tunnel, PSK on both sides.
#
# IKE_SA_INIT on UDP 500, then IKE_AUTH on UDP 4500 (kernel-libipsec fakes the
# NAT-D hashes, so the SA floats to 4500 and ESP is always ESP-in-UDP), then
# 3 pings from the initiator's inner address and 3 from the responder's, so
# ESP-in-UDP flows both ways, then the initiator deletes the IKE SA: one
# INFORMATIONAL request/response with a Delete payload.
# IKE aes256-sha256-modp2048, ESP aes256-sha256 (no PFS), MOBIKE off.
# Timers changed: retransmit_timeout 1.0 s, retransmit_base 1.5,
# retransmit_tries 2 (strongSwan defaults 4.0 s, 1.8, 5), so a lost message
# costs about a second and a broken run gives up after about 5 s.  No
# retransmit is expected in this capture.

# shellcheck shell=bash disable=SC2034 # variables read by pcaps/lab/run
IKW_IKE_VERSION=2
IKW_IKE_PROPOSALS=aes256-sha256-modp2048
IKW_ESP_PROPOSALS=aes256-sha256
IKW_PSK=ikewatch-lab-v2-psk
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
# A healthy tunnel: every request is answered at once, ESP flows both ways.
no-finding no_response        # every request (INIT, AUTH, Delete) has its response
no-finding retransmit         # each message is sent once (1 s retransmit timer, ms RTT)
no-finding reply_lost
no-finding proposal_mismatch  # same proposals on both sides
no-finding child_sa_refused              # no child SA was refused
no-finding auth_failed        # same PSK; IKE_AUTH response carries IDr/AUTH/SA/TS
no-finding exchange_mismatch
no-finding selector_mismatch  # mirrored selectors 198.51.100.0/28 <-> .64/28
no-finding notify_error       # no error notify (only status notifies in IKE_SA_INIT)
no-finding delete_loop        # one SA, deleted once at the end
no-finding dpd_unanswered
no-finding esp_one_way        # 6 ESP packets each way on one SPI pair
no-finding esp_unknown_spi    # both SPIs negotiated in IKE_AUTH of this capture
no-finding esp_sequence       # sequence 1..6 on each SPI, no gap, no repeat
no-finding natt_blocked       # IKE_AUTH and ESP are answered on UDP 4500
no-finding nat_rebind
no-finding fragment_lost
no-finding icmp_unreachable
no-finding one_sided_capture  # both peers appear
no-finding capture_drops
no-finding capture_truncated  # snaplen 262144
# nat_detected: no NAT here.  kernel-libipsec makes each charon fake its
# NAT_DETECTION_SOURCE_IP hash (RFC 7296 2.23 allows this to force UDP
# encapsulation), while both NAT_DETECTION_DESTINATION_IP hashes match the
# addresses this capture point sees.  A source hash alone cannot tell a NAT
# in front of the sender from forced encapsulation; only a destination hash
# that differs from the address seen here proves a NAT.  So: no nat_detected.
no-finding nat_detected
packets ikev2 = 6             # INIT, AUTH, INFORMATIONAL (Delete): request + response each
exchange 2 IKE_SA_INIT = 2
exchange 2 IKE_AUTH = 2
exchange 2 INFORMATIONAL = 2
exchange 2 CREATE_CHILD_SA = 0
packets esp-udp = 12          # 3 pings each way: request + reply, ESP in UDP 4500 (kernel-libipsec)
packets esp = 0
packets nat-keepalive = 0     # keep_alive 20 s > run; and no side is behind a NAT
packets icmp = 0
packets ip-fragment = 0
X
}
