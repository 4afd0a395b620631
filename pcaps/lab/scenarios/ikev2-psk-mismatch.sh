# ikev2-psk-mismatch: IKEv2 with different pre-shared keys.
#
# The initiator uses PSK "ikewatch-lab-psk-A", the responder "...-B".
# IKE_SA_INIT succeeds (UDP 500); the IKE_AUTH request (UDP 4500) carries
# an AUTH payload computed with the initiator's key; the responder
# verifies it, fails, and answers with a short encrypted IKE_AUTH response
# holding only the AUTHENTICATION_FAILED notify (RFC 7296 2.21.2).  The
# initiator deletes the SA without further messages; nothing is
# retransmitted.  Capture on the initiator side.  Timers changed:
# retransmit_timeout 1.0 s, retransmit_base 1.5, retransmit_tries 2
# (defaults 4.0 s, 1.8, 5).  Keys: the IKE SA keys from IKE_SA_INIT (the
# PSK only enters AUTH), so both IKE_AUTH messages decrypt and show IDi,
# AUTH, SA, TS and the AUTHENTICATION_FAILED notify.  No ESP.

# shellcheck shell=bash disable=SC2034 # variables read by pcaps/lab/run
IKW_IKE_VERSION=2
IKW_INI_PSK=ikewatch-lab-psk-A
IKW_RSP_PSK=ikewatch-lab-psk-B
IKW_RETRANSMIT_TIMEOUT=1.0
IKW_RETRANSMIT_BASE=1.5
IKW_RETRANSMIT_TRIES=2
IKW_KEYS=ike
IKW_KEYS_IKE=all
IKW_KEYS_ESP=none

scenario_run()
{
	! ikw_initiate 20 || return 1
	ikw_wait_log ini 'AUTHENTICATION_FAILED' 2
}

scenario_expect()
{
	cat <<'X'
# IKE_AUTH is answered by AUTHENTICATION_FAILED (readable with the keys):
# the PSKs differ.  The initiator was waiting in IKE_AUTH_WAIT.
finding auth_failed state=IKE_AUTH_WAIT
no-finding no_response                   # every request has its response
no-finding retransmit                    # RFC 7296 2.21.2: the error ends the exchange, nothing is resent
no-finding reply_lost
no-finding proposal_mismatch             # IKE_SA_INIT agreed on a proposal
no-finding child_sa_refused              # no child SA was refused
no-finding selector_mismatch             # no TS_UNACCEPTABLE: the SA failed before the child
no-finding notify_error                  # AUTHENTICATION_FAILED is auth_failed, not another error
no-finding exchange_mismatch
no-finding natt_blocked                  # the IKE_AUTH response came back on UDP 4500
no-finding nat_detected                  # only the faked own-address NAT-D hashes differ (see ikev2-healthy)
no-finding icmp_unreachable
no-finding one_sided_capture
no-finding esp_one_way
no-finding esp_unknown_spi
no-finding capture_drops
no-finding capture_truncated
packets ikev2 = 4                        # IKE_SA_INIT and IKE_AUTH, request + response, nothing after
exchange 2 IKE_SA_INIT = 2
exchange 2 IKE_AUTH = 2
exchange 2 INFORMATIONAL = 0
packets esp-udp = 0
packets icmp = 0
X
}
