# ikev2-reply-dropped: the responder answers, its answers never reach the
# initiator; captured near the responder.
#
# The router drops every UDP 500/4500 packet from the responder towards
# the initiator.  The capture is on the router's responder-side interface,
# before that filter: it shows the IKE_SA_INIT request, the responder's
# response, the initiator's retransmits of the same request and the
# responder's retransmitted (cached, RFC 7296 2.1) response to each, until
# the initiator gives up.  Seen from the initiator's side the responder
# would look dead; seen here it answered every copy.  Timers changed:
# retransmit_timeout 1.0 s, retransmit_base 1.5, retransmit_tries 3
# (defaults 4.0 s, 1.8, 5).  No keys: the initiator never derived any.

# shellcheck shell=bash disable=SC2034 # variables read by pcaps/lab/run
IKW_IKE_VERSION=2
IKW_PSK=ikewatch-lab-psk
IKW_CAPTURE_IF=right
# The initiator-side point too (pcaps/other/): it never sees the answers.
IKW_CAPTURE_OTHER=yes
IKW_RETRANSMIT_TIMEOUT=1.0
IKW_RETRANSMIT_BASE=1.5
IKW_RETRANSMIT_TRIES=3
IKW_KEYS=no

scenario_setup()
{
	ikw_rtr_drop to-ini -p udp -m multiport --sports 500,4500
}

scenario_run()
{
	! ikw_initiate 20 || return 1
	ikw_wait_log ini 'giving up after [0-9]+ retransmits' 1
}

scenario_check()
{
	ikw_require "$1" 'isakmp.exchangetype == 34 && isakmp.flag_r == 1' '>=' 3 \
		"the responder answers each copy"
}

scenario_expect()
{
	cat <<'X'
# Each copy of the IKE_SA_INIT request is answered by the responder (same
# SPIs, message ID 0, flag R), yet the initiator keeps sending it: the
# answers do not reach it.  The initiator is stuck in IKE_SA_INIT_WAIT.
finding reply_lost state=IKE_SA_INIT_WAIT
finding retransmit state=IKE_SA_INIT_WAIT
# Every request has a response in this capture: claiming "no response"
# here would be the false alarm this capture point exists to prevent.
no-finding no_response
no-finding one_sided_capture             # both peers appear
no-finding proposal_mismatch             # the responses carry SA/KE/Nonce: a proposal was chosen
no-finding child_sa_refused              # no child SA was refused
no-finding auth_failed                   # IKE_AUTH never started
no-finding exchange_mismatch
no-finding dh_group_retry
no-finding natt_blocked                  # never switched to UDP 4500
no-finding nat_detected                  # the destination NAT-D hashes match the addresses seen here; the source ones are faked (kernel-libipsec)
no-finding icmp_unreachable
no-finding esp_one_way
no-finding capture_drops
no-finding capture_truncated
packets ikev2 >= 6                       # at least 3 requests and 3 responses (4 + 4 are sent)
exchange 2 IKE_SA_INIT >= 6
exchange 2 IKE_AUTH = 0
packets esp-udp = 0
packets icmp = 0
X
}
