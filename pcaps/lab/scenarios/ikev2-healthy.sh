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
