# ikev1-nat-4500-blocked: IKEv1 through a real NAT that lets UDP 500 pass
# and blocks UDP 4500.
#
# The router masquerades the initiator (192.0.2.10) behind its right
# address 203.0.113.1 (iptables MASQUERADE, connection tracking) and drops
# every UDP 4500 packet towards the responder.  MM1-MM4 pass on UDP 500;
# the NAT-D hashes in MM3/MM4 show the NAT, so the initiator floats to UDP
# 4500 for MM5 (RFC 3947 4), which the filter drops.  The initiator resends
# MM5 until it gives up; the responder stays in MM_WAIT_MSG5.  Capture on
# the router's initiator-side (inside, private) interface, before the NAT
# and the filter.  Timers changed: retransmit_timeout 1.0 s,
# retransmit_base 1.5, retransmit_tries 3 (defaults 4.0 s, 1.8, 5).  Keys:
# the initiator's Ka (decrypts the first MM5 copy; Wireshark's IKEv1 IV
# tracking does not survive identical retransmits).  No ESP.

# shellcheck shell=bash disable=SC2034 # variables read by pcaps/lab/run
IKW_IKE_VERSION=1
IKW_PSK=ikewatch-lab-natt-psk
IKW_NAT=yes
IKW_RETRANSMIT_TIMEOUT=1.0
IKW_RETRANSMIT_BASE=1.5
IKW_RETRANSMIT_TRIES=3
IKW_KEYS=ike
IKW_KEYS_IKE=some
IKW_KEYS_ESP=none

scenario_setup()
{
	ikw_rtr_drop to-rsp -p udp --dport 4500
}

scenario_run()
{
	! ikw_initiate 20 || return 1
	ikw_wait_log ini 'giving up after [0-9]+ retransmits' 1
}

scenario_check()
{
	ikw_require "$1" "udp.port == 4500 && ip.src == $IKW_RSP_ADDR" = 0 "nothing comes back on UDP 4500"
	ikw_require "$1" 'udp.dstport == 4500 && isakmp.exchangetype == 2' '>=' 3 "MM5 sent at least 3 times on 4500"
}

scenario_expect()
{
	cat <<'X'
# After the float to UDP 4500 (MM5) nothing at all comes back, while UDP
# 500 worked both ways: UDP 4500 is blocked.  The initiator waits in
# MM_WAIT_MSG6.
finding natt_blocked state=MM_WAIT_MSG6
finding no_response state=MM_WAIT_MSG6      # MM5 is never answered
finding retransmit state=MM_WAIT_MSG6       # MM5 resent (same bytes)
# A real NAT, provable from this (inside) capture point: MM4's first NAT-D
# payload is the responder's hash of the initiator's address as it saw it
# (203.0.113.1, the router), which differs from the hash of the
# destination seen here (192.0.2.10:500).  The NAT is on the initiator's
# side.  (The own-address hashes are faked by kernel-libipsec, as always in
# this lab.)
finding nat_detected
# auth_failed is left open: the catalogue lists "MM5 retransmitted
# unanswered" among its triggers, and MM5 is unanswered here, although the
# real cause is the blocked port.
no-finding reply_lost                   # nothing came back: nothing was answered
no-finding proposal_mismatch
no-finding child_sa_refused              # no child SA was refused
no-finding exchange_mismatch
no-finding selector_mismatch
no-finding nat_rebind                   # the NAT mapping does not change
no-finding icmp_unreachable             # DROP: no ICMP
no-finding one_sided_capture            # the responder appears (MM2, MM4)
no-finding esp_one_way
no-finding capture_drops
no-finding capture_truncated
exchange 1 main >= 7                    # MM1..MM4, then MM5 at least 3 times (4 sends)
exchange 1 quick = 0
packets esp-udp = 0
packets nat-keepalive = 0               # keepalives start only once the SA is up (20 s anyway)
packets icmp = 0
X
}
