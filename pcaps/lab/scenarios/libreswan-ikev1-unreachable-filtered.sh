# libreswan-ikev1-unreachable-filtered: a Libreswan IKEv1 initiator towards
# a responder whose UDP 500/4500 is filtered: Libreswan's retransmit habit.
#
# The initiator is Libreswan 4.10's pluto (Debian's package unpacked beside
# strongSwan, see pcaps/README.md), Main Mode with PSK; the responder runs
# charon, but the router silently drops (iptables DROP) every UDP 500/4500
# packet towards it.  Capture on the router's initiator-side interface,
# before the filter: MM1 and its retransmits at Libreswan's intervals (0.5
# s, 0.5 s, then doubling: 1, 2, 4 s), nothing from the responder.
# Libreswan settings changed: retransmit-timeout 10 s (default 60 s), so
# it gives up about 16 s after the first send (at the retransmit that would
# come after the 10 s limit); keyingtries 1 and rekey no, so it does not
# start over with a new initiator cookie.  No keys: no SA exists.

# shellcheck shell=bash disable=SC2034 # variables read by pcaps/lab/run
IKW_IKE_VERSION=1
IKW_PSK=ikewatch-lab-psk
IKW_INI_DAEMON=libreswan
IKW_INI_LSW_RETRANSMIT_TIMEOUT=10s

IKW_KEYS=no

scenario_setup()
{
	ikw_rtr_drop to-rsp -p udp -m multiport --dports 500,4500
}

scenario_run()
{
	! ikw_initiate 40 || return 1
	ikw_wait_log ini 'timeout exceeded after [0-9]+ retransmits' 2
}

scenario_check()
{
	ikw_require "$1" "ip.src == $IKW_RSP_ADDR" = 0 "nothing from the responder"
	ikw_require "$1" 'isakmp.ispi' '>=' 5 "MM1 and at least 4 copies"
}

scenario_expect()
{
	cat <<'X'
# As ikev1-unreachable-filtered, with Libreswan's retransmit pattern
# (0.5 s doubling after the second copy): MM1 never answered.
finding no_response state=MM_WAIT_MSG2
finding retransmit state=MM_WAIT_MSG2       # same bytes each time; the gaps match Libreswan's habit
finding one_sided_capture                   # the responder never appears (see ikev1-unreachable-filtered)
no-finding reply_lost
no-finding icmp_unreachable                 # DROP: no ICMP
no-finding proposal_mismatch
no-finding child_sa_refused              # no child SA was refused
no-finding auth_failed
no-finding exchange_mismatch
no-finding natt_blocked                     # never switched to UDP 4500
no-finding nat_detected                     # MM1 carries no NAT-D
no-finding esp_one_way
no-finding capture_drops
no-finding capture_truncated
exchange 1 main >= 5                        # MM1 and at least 4 copies (6 sent: 0, 0.5, 1, 2, 4, 8 s)
exchange 1 quick = 0
packets ikev1 >= 5
packets esp-udp = 0
packets icmp = 0
X
}
