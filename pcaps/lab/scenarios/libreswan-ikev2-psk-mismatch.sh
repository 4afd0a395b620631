# libreswan-ikev2-psk-mismatch: a Libreswan IKEv2 initiator and a
# strongSwan responder with different pre-shared keys.
#
# Libreswan 4.10's pluto initiates with PSK "...-A"; charon answers with
# PSK "...-B".  IKE_SA_INIT succeeds (UDP 500, Libreswan's own notify set:
# IKEV2_FRAGMENTATION_SUPPORTED first), IKE_AUTH moves to UDP 4500, the
# responder answers it with AUTHENTICATION_FAILED.  Libreswan gives up
# without retransmitting (keyingtries 1, rekey no: no second attempt).
# Capture on the initiator side.  strongSwan timers changed: retransmit
# timeout 1.0 s, retransmit_base 1.5, retransmit_tries 2.  Keys: the IKE SA
# keys from the responder's charon log (the IKE_SA_INIT keys do not depend
# on the PSK): both IKE_AUTH messages decrypt.

# shellcheck shell=bash disable=SC2034 # variables read by pcaps/lab/run
IKW_IKE_VERSION=2
IKW_INI_PSK=ikewatch-lab-psk-A
IKW_RSP_PSK=ikewatch-lab-psk-B
IKW_INI_DAEMON=libreswan
IKW_INI_LSW_RETRANSMIT_TIMEOUT=10s

IKW_RETRANSMIT_TIMEOUT=1.0
IKW_RETRANSMIT_BASE=1.5
IKW_RETRANSMIT_TRIES=2
IKW_KEYS=ike
IKW_KEYS_LOG=rsp
IKW_KEYS_ESP=none

scenario_run()
{
	! ikw_initiate 30 || return 1
	ikw_wait_log rsp 'N\(AUTH_FAILED\)' 2
}

scenario_expect()
{
	cat <<'X'
# IKE_AUTH answered by AUTHENTICATION_FAILED (readable with the keys).
finding auth_failed state=IKE_AUTH_WAIT
no-finding no_response
no-finding retransmit                       # Libreswan does not resend after the error
no-finding reply_lost
no-finding proposal_mismatch
no-finding child_sa_refused              # no child SA was refused
no-finding selector_mismatch
no-finding notify_error                     # AUTHENTICATION_FAILED is auth_failed
no-finding exchange_mismatch
no-finding natt_blocked                     # the IKE_AUTH response came back on UDP 4500
no-finding nat_detected                     # only the responder's own-address hash is faked (kernel-libipsec); the destination hashes match
no-finding icmp_unreachable
no-finding one_sided_capture
no-finding esp_one_way
no-finding capture_drops
no-finding capture_truncated
packets ikev2 = 4
exchange 2 IKE_SA_INIT = 2
exchange 2 IKE_AUTH = 2
exchange 2 INFORMATIONAL = 0
packets esp-udp = 0
packets icmp = 0
X
}
