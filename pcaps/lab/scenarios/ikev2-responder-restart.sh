# ikev2-responder-restart: the responder's IKE daemon restarts (crash)
# while ESP flows; stale SPI, dead-peer detection, new IKE SA.
#
# The tunnel comes up, 3 pings each way, then the initiator's inner host
# pings continuously (every 0.3 s).  The responder's charon is killed
# (SIGKILL: no Delete is sent) and started again at once with the same
# configuration but no SAs.  The initiator keeps sending ESP on the old
# SPI, which the new daemon does not know and drops (strongSwan sends no
# INVALID_SPI); while no daemon listens, the responder's kernel may answer
# an ESP-in-UDP packet with ICMP port unreachable.  With no inbound
# traffic for dpd_delay = 2 s the initiator sends a liveness check
# (INFORMATIONAL) on the old IKE SA, which the new daemon ignores; after
# the retransmits it gives up and, with dpd_action = restart, sets up a new
# IKE SA and CHILD_SA; the pings then flow both ways on the new SPIs.
# Finally the initiator deletes the new IKE SA.  Capture on the router's
# initiator-side interface.  Timers changed: dpd_delay 2 s (default off),
# retransmit_timeout 1.0 s, retransmit_base 1.5, retransmit_tries 2
# (defaults 4.0 s, 1.8, 5).  Keys: both IKE SAs and both CHILD_SAs.

# shellcheck shell=bash disable=SC2034 # variables read by pcaps/lab/run
IKW_IKE_VERSION=2
IKW_PSK=ikewatch-lab-restart-psk
IKW_INI_EXTRA_CONN="dpd_delay = 2s"
IKW_INI_EXTRA_CHILD="dpd_action = restart"
IKW_RETRANSMIT_TIMEOUT=1.0
IKW_RETRANSMIT_BASE=1.5
IKW_RETRANSMIT_TRIES=2

scenario_run()
{
	ikw_initiate 10 || return 1
	ikw_ping ini 3 || return 1
	ikw_ping rsp 3 || return 1
	IKW_PING_INTERVAL=0.3 ikw_ping_bg ini 45
	sleep 1
	ikw_charon_kill rsp KILL
	ikw_charon_restart rsp
	# The initiator's DPD gives up and it sets up a new IKE SA.
	ikw_wait_log ini 'giving up after [0-9]+ retransmits' 15 || return 1
	ikw_wait_log rsp 'CHILD_SA ikw\{[0-9]+\} established' 10 || return 1
	wait "$IKW_PING_PID"
	ikw_ping rsp 3 || return 1
	ikw_terminate ini
}

scenario_check()
{
	# The first SPI from the initiator keeps going after the responder's
	# last ESP on the old pair, then a second IKE SA comes up.
	ikw_require "$1" 'isakmp.exchangetype == 34 && isakmp.flag_r == 1' = 2 "two IKE_SA_INIT responses (two IKE SAs)"
}

scenario_expect()
{
	cat <<'X'
# The restarted responder has no state for the old IKE SA: the initiator's
# liveness check on it (INFORMATIONAL, message ID 2) is resent and never
# answered; the initiator waits in INFORMATIONAL_WAIT, gives up and starts
# over with a new IKE SA.
finding dpd_unanswered state=INFORMATIONAL_WAIT
finding no_response state=INFORMATIONAL_WAIT
finding retransmit state=INFORMATIONAL_WAIT
# The old outbound SPI keeps flowing one way after the restart; the
# responder, which leaves the old IKE SA's liveness check unanswered but
# answers the new IKE_SA_INIT, had lost the old SA: those packets went to
# an SPI it no longer had.
finding esp_unknown_spi
# Open: esp_one_way (the one-way run is shorter than --stall, after the far
# side did send on the old pair), icmp_unreachable (a packet may or may
# not hit the port while no daemon listens: timing).
no-finding reply_lost                   # the liveness check got no answer at all
no-finding proposal_mismatch            # both IKE SAs come up with the same proposals
no-finding child_sa_refused              # no child SA was refused
no-finding auth_failed
no-finding selector_mismatch
no-finding exchange_mismatch
no-finding dh_group_retry
no-finding notify_error
no-finding natt_blocked                 # both IKE_AUTHs and the final Delete are answered on UDP 4500
no-finding nat_detected                 # only the faked own-address NAT-D hashes differ (see ikev2-healthy)
no-finding rekey_collision              # one new SA after a restart, not simultaneous rekeys
no-finding one_sided_capture
no-finding capture_drops
no-finding capture_truncated
exchange 2 IKE_SA_INIT = 4              # two IKE SAs, one request + response each
exchange 2 IKE_AUTH = 4
exchange 2 INFORMATIONAL >= 4           # liveness request + at least one copy, then the final Delete and its response
exchange 2 CREATE_CHILD_SA = 0
packets esp-udp >= 20                   # old SA both ways, old SPI one way, new SA both ways
X
}
