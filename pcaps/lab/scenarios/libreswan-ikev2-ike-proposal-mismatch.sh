# libreswan-ikev2-ike-proposal-mismatch: a strongSwan initiator and a
# Libreswan responder with no common IKE proposal.
#
# charon offers only aes128-sha1-modp2048; Libreswan 4.10's pluto accepts
# only aes256-sha2_256;modp3072.  pluto answers IKE_SA_INIT with
# NO_PROPOSAL_CHOSEN; unlike strongSwan it fills in a responder SPI.  The
# initiator gives up.  Capture on the initiator side.  strongSwan timers
# changed: retransmit_timeout 1.0 s, retransmit_base 1.5, retransmit_tries
# 2 (defaults 4.0 s, 1.8, 5).  No keys: none derived.

# shellcheck shell=bash disable=SC2034 # variables read by pcaps/lab/run
IKW_IKE_VERSION=2
IKW_PSK=ikewatch-lab-psk
IKW_RSP_DAEMON=libreswan
IKW_INI_IKE_PROPOSALS=aes128-sha1-modp2048
IKW_RSP_LSW_IKE="aes256-sha2_256;modp3072"
IKW_RETRANSMIT_TIMEOUT=1.0
IKW_RETRANSMIT_BASE=1.5
IKW_RETRANSMIT_TRIES=2
IKW_KEYS=no

scenario_run()
{
	! ikw_initiate 15 || return 1
	ikw_wait_log ini 'NO_PROPOSAL_CHOSEN' 2
}

scenario_expect()
{
	cat <<'X'
# IKE_SA_INIT answered by NO_PROPOSAL_CHOSEN (Libreswan sets a responder
# SPI in it, strongSwan does not: an analyzer must not treat that as an
# IKE SA that came up).
finding proposal_mismatch state=IKE_SA_INIT_WAIT
no-finding no_response
no-finding child_sa_refused              # no child SA was refused
no-finding retransmit
no-finding reply_lost
no-finding auth_failed
no-finding notify_error                     # NO_PROPOSAL_CHOSEN is proposal_mismatch
no-finding selector_mismatch
no-finding exchange_mismatch
no-finding dh_group_retry
no-finding natt_blocked
no-finding nat_detected                     # the response carries no NAT-D
no-finding icmp_unreachable
no-finding one_sided_capture
no-finding esp_one_way
no-finding capture_drops
no-finding capture_truncated
packets ikev2 = 2
exchange 2 IKE_SA_INIT = 2
exchange 2 IKE_AUTH = 0
packets esp-udp = 0
packets icmp = 0
X
}
