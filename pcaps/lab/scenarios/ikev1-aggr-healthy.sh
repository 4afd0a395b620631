# ikev1-aggr-healthy: a healthy IKEv1 tunnel, Aggressive Mode with PSK.
#
# Aggressive Mode (AM1 SA+KE+Nonce+ID, AM2 adds the responder's ID and
# HASH_R, both on UDP 500; AM3 with HASH_I goes to UDP 4500 because the
# NAT-D hashes, faked by kernel-libipsec, ask for NAT-T), Quick Mode (3
# encrypted messages on 4500), 3 pings each way in ESP-in-UDP, then the
# initiator deletes the ESP SA and the ISAKMP SA (2 unacknowledged
# Informationals).  IKE aes256-sha256-modp2048, ESP aes256-sha256.
# strongSwan refuses Aggressive Mode with PSK unless
# charon.i_dont_care_about_security_and_use_aggressive_mode_psk = yes: set
# on both peers.  Timers changed: retransmit_timeout 1.0 s, retransmit_base
# 1.5, retransmit_tries 2 (defaults 4.0 s, 1.8, 5).  No retransmit expected.

# shellcheck shell=bash disable=SC2034 # variables read by pcaps/lab/run
IKW_IKE_VERSION=1
IKW_PSK=ikewatch-lab-v1-aggr-psk
IKW_EXTRA_CONN="aggressive = yes"
IKW_CHARON_EXTRA="i_dont_care_about_security_and_use_aggressive_mode_psk = yes"
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
# A healthy Aggressive Mode tunnel.
no-finding no_response        # AM1..AM3, QM1..QM3 each answered at once
no-finding retransmit
no-finding reply_lost
no-finding proposal_mismatch
no-finding child_sa_refused              # no child SA was refused
no-finding auth_failed        # same PSK: AM3 follows AM2 and Quick Mode starts
no-finding exchange_mismatch  # Aggressive Mode on both sides
no-finding selector_mismatch
no-finding notify_error
no-finding delete_loop
no-finding dpd_unanswered
no-finding esp_one_way
no-finding esp_unknown_spi
no-finding esp_sequence
no-finding natt_blocked       # AM3, Quick Mode and ESP all answered on 4500
no-finding nat_rebind
no-finding fragment_lost
no-finding icmp_unreachable
no-finding one_sided_capture
no-finding capture_drops
no-finding capture_truncated
# The closing Delete Informationals are unacknowledged in IKEv1.
# nat_detected: only the faked own-address NAT-D hashes differ (forced
# NAT-T, kernel-libipsec); the peer-address hashes match what this capture
# point sees.  No NAT is proven.
no-finding nat_detected
packets ikev1 = 8             # 3 Aggressive + 3 Quick Mode + 2 Delete Informationals
exchange 1 aggressive = 3
exchange 1 main = 0
exchange 1 quick = 3
exchange 1 informational = 2
packets esp-udp = 12          # 3 pings each way
packets esp = 0
packets nat-keepalive = 0
packets icmp = 0
packets ip-fragment = 0
X
}
