# ikev2-cert-ipfrag: IKEv2 with RSA certificates; IKE_AUTH messages are
# larger than the 1500-byte MTU and travel as IP fragments.
#
# A root CA, an intermediate CA and one certificate per peer (RSA 4096,
# subjectAltName = the peer's address) are made at run time with pki.
# IKE fragmentation (RFC 7383) is off on both sides (fragmentation = no),
# so each IKE_AUTH message (IDi/IDr, CERT, CERTREQ, AUTH with a 512-byte
# RSA signature, SA, TS) is one UDP datagram of about 2.2 KB that the
# sender's kernel splits into 2 IPv4 fragments.  IKE_SA_INIT on UDP 500
# (with CERTREQ), IKE_AUTH on 4500, 3 pings each way, then the Delete.
# Capture on the initiator side; Wireshark and ikewatch reassemble the
# fragments.  Timers changed: retransmit_timeout 2.0 s (RSA 4096 signing
# takes some milliseconds), retransmit_base 1.5, retransmit_tries 2
# (defaults 4.0 s, 1.8, 5).  Keys: IKE and ESP.

# shellcheck shell=bash disable=SC2034 # variables read by pcaps/lab/run
IKW_IKE_VERSION=2
IKW_AUTH=cert
IKW_EXTRA_CONN="fragmentation = no"
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
	ikw_require "$1" 'isakmp.exchangetype == 35 && ip.flags.mf == 0 && ip.frag_offset > 0' = 2 \
		"both IKE_AUTH messages reassembled from IP fragments"
}

scenario_expect()
{
	cat <<'X'
# A healthy certificate tunnel whose IKE_AUTH messages are IP-fragmented:
# every fragment arrives, both datagrams reassemble.
no-finding fragment_lost                # both fragments of both IKE_AUTH messages are here
no-finding no_response
no-finding retransmit
no-finding reply_lost
no-finding proposal_mismatch
no-finding child_sa_refused              # no child SA was refused
no-finding auth_failed                  # the certificates are accepted (IDr/AUTH in the response, CHILD_SA up)
no-finding exchange_mismatch
no-finding selector_mismatch
no-finding notify_error
no-finding natt_blocked
no-finding nat_detected                 # only the faked own-address NAT-D hashes differ (see ikev2-healthy)
no-finding icmp_unreachable             # no "fragmentation needed": the veth MTU is 1500 and DF is not set
no-finding esp_one_way
no-finding esp_unknown_spi
no-finding esp_sequence
no-finding one_sided_capture
no-finding capture_drops
no-finding capture_truncated
packets ikev2 = 6                       # IKE_SA_INIT, IKE_AUTH (each counted once, reassembled), INFORMATIONAL
exchange 2 IKE_SA_INIT = 2
exchange 2 IKE_AUTH = 2
exchange 2 INFORMATIONAL = 2
packets ip-fragment = 2                 # the first fragment of each IKE_AUTH datagram (the second completes it)
packets esp-udp = 12
packets icmp = 0
X
}
