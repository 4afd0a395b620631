# ikev1-main-vs-aggressive: the initiator speaks Aggressive Mode, the
# responder's connection is Main Mode only.
#
# Both charons allow Aggressive Mode with PSK in general
# (i_dont_care_about_security_and_use_aggressive_mode_psk = yes), but the
# responder's connection has aggressive = no.  It receives AM1, finds the
# matching connection does not allow Aggressive Mode ("none allows
# pre-shared key authentication using Aggressive Mode") and answers with an
# unencrypted Informational carrying AUTHENTICATION_FAILED; the initiator
# gives up.  (The other way round, strongSwan accepts Main Mode for an
# aggressive connection and only fails at MM5: a less telling capture.)
# Capture on the initiator side.  Timers changed: retransmit_timeout 1.0 s,
# retransmit_base 1.5, retransmit_tries 2 (defaults 4.0 s, 1.8, 5).  No
# keys: none derived.

# shellcheck shell=bash disable=SC2034 # variables read by pcaps/lab/run
IKW_IKE_VERSION=1
IKW_PSK=ikewatch-lab-psk
IKW_INI_EXTRA_CONN="aggressive = yes"
IKW_CHARON_EXTRA="i_dont_care_about_security_and_use_aggressive_mode_psk = yes"
IKW_RETRANSMIT_TIMEOUT=1.0
IKW_RETRANSMIT_BASE=1.5
IKW_RETRANSMIT_TRIES=2
IKW_KEYS=no

scenario_run()
{
	! ikw_initiate 15 || return 1
	ikw_wait_log rsp 'none allows pre-shared key authentication using Aggressive Mode' 2
}

scenario_expect()
{
	cat <<'X'
# AM1 is answered at once by an unencrypted error notify, before any
# authentication data could be checked (AM1 has no HASH; the responder
# could only verify HASH_I in AM3): the responder refuses the mode, not
# the key.  The initiator was waiting in AM_WAIT_MSG2.
finding exchange_mismatch state=AM_WAIT_MSG2
# auth_failed is left open: strongSwan labels this refusal
# AUTHENTICATION_FAILED, and an analyzer may name that notify as well.
no-finding no_response                   # AM1 answered within milliseconds
no-finding retransmit                    # the error ends the attempt
no-finding reply_lost
no-finding proposal_mismatch             # no NO_PROPOSAL_CHOSEN
no-finding child_sa_refused              # no child SA was refused
no-finding selector_mismatch
no-finding dh_group_retry
no-finding natt_blocked                  # never switched to UDP 4500
no-finding nat_detected                  # no NAT-D was ever answered (AM1 carries none)
no-finding icmp_unreachable
no-finding one_sided_capture
no-finding esp_one_way
no-finding esp_unknown_spi
no-finding capture_drops
no-finding capture_truncated
packets ikev1 = 2                        # AM1, the error Informational
exchange 1 aggressive = 1
exchange 1 informational = 1
exchange 1 main = 0
packets esp-udp = 0
packets icmp = 0
X
}
