# ikev2-ikefrag: IKEv2 with certificates and IKE fragmentation (RFC 7383).
#
# Certificates as in ikev2-cert-ipfrag (RSA 4096, root + intermediate CA,
# made with pki at run time), but IKE fragmentation on for both peers
# (fragmentation = yes; both send IKEV2_FRAGMENTATION_SUPPORTED in
# IKE_SA_INIT) with charon's default fragment_size of 1280 bytes: each
# IKE_AUTH message is sent as 2 Encrypted Fragment (SKF) messages, each its
# own UDP datagram below the MTU, so no IP fragmentation occurs.  3 pings
# each way, then the Delete.  Capture on the initiator side.  Timers
# changed: retransmit_timeout 2.0 s, retransmit_base 1.5, retransmit_tries
# 2 (defaults 4.0 s, 1.8, 5).  Keys: IKE and ESP.

# shellcheck shell=bash disable=SC2034 # variables read by pcaps/lab/run
IKW_IKE_VERSION=2
IKW_AUTH=cert
IKW_EXTRA_CONN="fragmentation = yes"
IKW_RETRANSMIT_TIMEOUT=2.0
IKW_RETRANSMIT_BASE=1.5
IKW_RETRANSMIT_TRIES=2

scenario_run()
{
	ikw_initiate 15 || return 1
	ikw_ping ini 3 || return 1
	ikw_ping rsp 3 || return 1
	ikw_terminate ini
}

scenario_check()
{
	ikw_require "$1" 'isakmp.exchangetype == 35 && isakmp.nextpayload == 53' '>=' 4 \
		"IKE_AUTH as Encrypted Fragment (SKF) messages"
}

scenario_expect()
{
	cat <<'X'
# A healthy certificate tunnel using IKE fragmentation: every SKF
# fragment of both IKE_AUTH messages arrives (fragment n/2 of each).
no-finding fragment_lost                # fragments 1/2 and 2/2 of both messages are here
no-finding no_response
no-finding retransmit                   # the 2 SKF messages of one IKE_AUTH are fragments, not copies
no-finding reply_lost
no-finding proposal_mismatch
no-finding child_sa_refused              # no child SA was refused
no-finding auth_failed
no-finding exchange_mismatch
no-finding selector_mismatch
no-finding notify_error
no-finding natt_blocked
no-finding nat_detected                 # only the faked own-address NAT-D hashes differ (see ikev2-healthy)
no-finding icmp_unreachable
no-finding esp_one_way
no-finding esp_unknown_spi
no-finding esp_sequence
no-finding one_sided_capture
no-finding capture_drops
no-finding capture_truncated
exchange 2 IKE_SA_INIT = 2
exchange 2 IKE_AUTH >= 4                # each IKE_AUTH message as (at least) 2 SKF messages; 2 with these certificates
exchange 2 INFORMATIONAL = 2
packets ip-fragment = 0                 # IKE fragments of at most 1280 bytes: no IP fragmentation
packets esp-udp = 12
packets icmp = 0
X
}
