# ikev2-cert-ipfrag-dropped: as ikev2-cert-ipfrag, but the path drops IP
# fragments after the first: IKE_AUTH never arrives.
#
# Certificates (RSA 4096, root + intermediate CA, made with pki at run
# time), IKE fragmentation off on both sides, so the IKE_AUTH request is
# one ~2.2 KB UDP datagram sent as 2 IPv4 fragments.  The router drops
# every non-first fragment (iptables -f), as some firewalls do.
# IKE_SA_INIT passes (small); of each IKE_AUTH request only the first
# fragment gets through, the responder can never reassemble it and never
# answers; the initiator resends IKE_AUTH and gives up.  Capture on the
# router's responder-side interface, after the filter: the IKE_AUTH
# datagrams appear as lone first fragments.  Timers changed:
# retransmit_timeout 2.0 s, retransmit_base 1.5, retransmit_tries 2
# (defaults 4.0 s, 1.8, 5): IKE_AUTH sent 3 times.  Keys: the IKE SA keys
# from IKE_SA_INIT (no complete encrypted message is in the capture, so
# there is nothing to decrypt; they are there for completeness).

# shellcheck shell=bash disable=SC2034 # variables read by pcaps/lab/run
IKW_IKE_VERSION=2
IKW_AUTH=cert
IKW_EXTRA_CONN="fragmentation = no"
IKW_CAPTURE_IF=right
IKW_RETRANSMIT_TIMEOUT=2.0
IKW_RETRANSMIT_BASE=1.5
IKW_RETRANSMIT_TRIES=2
IKW_KEYS=no

scenario_setup()
{
	ikw_rtr_drop both -f
}

scenario_run()
{
	! ikw_initiate 30 || return 1
	ikw_wait_log ini 'giving up after [0-9]+ retransmits' 1
}

scenario_check()
{
	ikw_require "$1" "ip.flags.mf == 1 && ip.frag_offset == 0 && ip.src == $IKW_INI_ADDR" '>=' 2 \
		"first fragments of the IKE_AUTH request"
	ikw_require "$1" 'ip.frag_offset > 0' = 0 "no later fragment passes the router"
}

scenario_expect()
{
	cat <<'X'
# Each IKE_AUTH request appears here only as its first IP fragment; the
# rest never arrives, the datagram can never be reassembled.  The
# initiator is stuck in IKE_AUTH_WAIT (it resends, nothing answers).
finding fragment_lost state=IKE_AUTH_WAIT
# Open: no_response and retransmit for IKE_AUTH.  Both are true of the
# initiator, but in this capture the IKE_AUTH request only exists as first
# fragments; an analyzer may or may not read the IKE header out of an
# unreassembled first fragment.
no-finding reply_lost                   # the responder never had a request to answer
no-finding proposal_mismatch            # IKE_SA_INIT agreed
no-finding child_sa_refused              # no child SA was refused
no-finding auth_failed                  # the responder never saw AUTH: nothing was refused
no-finding exchange_mismatch
no-finding selector_mismatch
no-finding notify_error
no-finding natt_blocked                 # UDP 4500 is not blocked: whole 4500 datagrams would pass; only the second fragments die
no-finding nat_detected                 # only the faked own-address NAT-D hashes differ (see ikev2-healthy)
no-finding icmp_unreachable             # the router drops silently; no ICMP reaches this capture (a reassembly-timeout ICMP from the responder would be 30 s later)
no-finding one_sided_capture            # the responder appears (IKE_SA_INIT response)
no-finding esp_one_way
no-finding capture_drops
no-finding capture_truncated
packets ikev2 = 2                       # only IKE_SA_INIT is a whole IKE message here
exchange 2 IKE_SA_INIT = 2
exchange 2 IKE_AUTH = 0                 # never reassembled: counted as ip-fragment
packets ip-fragment >= 2                # first fragments of the IKE_AUTH request and its copies (3 sent)
packets esp-udp = 0
X
}
